import { Availability, type PresenceView } from '@herald/core';
import { renderCategoriesDocument } from './categories-document';
import { renderMsrtcPidfDocument } from './msrtc-pidf-document';
import { renderPidfDocument } from './pidf-document';
import { renderRlmiMultipart } from './rlmi-document';
import { escapeXml } from './xml-text';

const room: PresenceView = {
  presentity: 'meet.alice@vc.example.com',
  availability: Availability.Available,
  displayName: "Alice's Room – Ünïcode",
  note: 'Team room: <video> & "audio"',
  title: 'Virtual Meeting Room',
  avatar: { url: 'http://node.vc.example.com/avatars/ab12.jpg', hash: 'ab12', themeChain: ['Boardroom'] },
  source: { kind: 'service', service: { kind: 'vmr', name: "Alice's Room – Ünïcode", description: '', aliases: [], tag: '', enabled: true }, alias: { alias: 'x', description: '' } },
};
const time = Date.UTC(2026, 4, 1, 9, 0, 0);

describe('escapeXml', () => {
  it('escapes the five XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001g\u0009h`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg\u0009h');
    expect(escapeXml('plain')).toBe('plain');
  });
});

describe('renderCategoriesDocument', () => {
  const document = renderCategoriesDocument(room, { uri: 'sip:meet.alice@vc.example.com', publishTime: time });

  it('carries state, name, description, photo and note in the order Lync expects', () => {
    const order = [...document.matchAll(/<category name="(\w+)" instance="(\d+)"/g)].map((m) => `${m[1]}/${m[2]}`);
    expect(order).toEqual(['state/1', 'contactCard/0', 'contactCard/5', 'contactCard/6', 'note/0']);
    expect(document).toContain('xsi:type="aggregateState"><availability>3500</availability></state>');
    expect(document).toContain('<displayName>Alice&apos;s Room – Ünïcode</displayName>');
    expect(document).toContain('<photo type="default"><uri>http://node.vc.example.com/avatars/ab12.jpg</uri><hash>ab12</hash></photo>');
    expect(document).toContain('<body type="personal" uri="">Team room: &lt;video&gt; &amp; &quot;audio&quot;</body>');
    expect(document).toContain('publishTime="2026-05-01T09:00:00.000"');
  });

  it('puts the 2007 R2 and 2010 extensions after delimiter markers, closed by end', () => {
    const card5 = document.slice(document.indexOf('instance="5"'), document.indexOf('instance="6"'));
    expect(card5).toMatch(/<title>Virtual Meeting Room<\/title><delimiter xmlns="[^"]+commontypes"\/><description>[^<]*&lt;video[^<]*<\/description><end xmlns="[^"]+commontypes"\/>/);
    const card6 = document.slice(document.indexOf('instance="6"'), document.indexOf('name="note"'));
    expect(card6).toMatch(/<delimiter[^>]*\/><delimiter[^>]*\/><displayADPhoto>false<\/displayADPhoto><photo /);
  });

  it('has no container or version attributes, which are for self-subscriptions only', () => {
    expect(document).not.toMatch(/container=|version=/);
  });

  it('names the presentity as the watcher wrote it', () => {
    expect(document).toMatch(/^<categories xmlns="http:\/\/schemas.microsoft.com\/2006\/09\/sip\/categories" uri="sip:meet.alice@vc.example.com">/);
  });

  it('sends only the categories asked for', () => {
    const onlyState = renderCategoriesDocument(room, { uri: 'sip:x@y', publishTime: time, categories: ['state'] });
    expect(onlyState).toContain('name="state"');
    expect(onlyState).not.toContain('name="contactCard"');
  });

  it('clears the note and the photo with empty instances when there are none', () => {
    const bare = renderCategoriesDocument({ ...room, note: '', avatar: undefined }, { uri: 'sip:x@y', publishTime: time });
    expect(bare).toContain('<category name="note" instance="0" publishTime="2026-05-01T09:00:00.000"/>');
    expect(bare).toContain('<category name="contactCard" instance="6" publishTime="2026-05-01T09:00:00.000"/>');
    expect(bare).not.toContain('<description>');
  });
});

describe('renderPidfDocument', () => {
  it('is basic open with the CIPID name and icon and the note', () => {
    const document = renderPidfDocument(room, 'sip:meet.alice@vc.example.com');
    expect(document).toContain('entity="sip:meet.alice@vc.example.com"');
    expect(document).toContain('<status><basic>open</basic></status>');
    expect(document).toContain('<c:display-name>Alice&apos;s Room – Ünïcode</c:display-name>');
    expect(document).toContain('<c:icon>http://node.vc.example.com/avatars/ab12.jpg</c:icon>');
    expect(document).not.toContain('rpid:activities');
  });

  it('is closed for Offline and adds an RPID activity for Busy', () => {
    expect(renderPidfDocument({ ...room, availability: Availability.Offline }, 'sip:x@y')).toContain('<basic>closed</basic>');
    expect(renderPidfDocument({ ...room, availability: Availability.Busy }, 'sip:x@y')).toContain('<rpid:activities><rpid:busy/></rpid:activities>');
  });
});

describe('renderMsrtcPidfDocument', () => {
  it('writes the aggregates and the display name, with the URI without its scheme', () => {
    expect(renderMsrtcPidfDocument(room, 'sip:meet.alice@vc.example.com')).toBe(
      '<presentity xmlns="http://schemas.microsoft.com/09/2002/sip/presence" uri="meet.alice@vc.example.com">' +
        '<availability aggregate="300" description=""/><activity aggregate="400" description=""/>' +
        '<displayName displayName="Alice&apos;s Room – Ünïcode"/></presentity>',
    );
  });
});

describe('renderRlmiMultipart', () => {
  const multipart = renderRlmiMultipart({
    listUri: 'sip:bob@contoso.com',
    version: 1,
    fullState: true,
    resources: [
      { uri: 'sip:meet.alice@vc.example.com', instanceId: '0', state: 'active', part: { contentType: 'application/pidf+xml', body: '<presence/>' } },
      { uri: 'sip:nobody@vc.example.com', instanceId: '1', state: 'terminated', reason: 'noresource' },
    ],
  });
  const boundary = /boundary="([^"]+)"/.exec(multipart.contentType)?.[1] as string;

  it('declares the RLMI root part and a boundary', () => {
    expect(multipart.contentType).toMatch(/^multipart\/related;type="application\/rlmi\+xml";start="<rlmi-[^>]+>";boundary="herald-/);
  });

  it('lists every resource with its state and references the parts by Content-ID', () => {
    const parts = multipart.body.split(`--${boundary}`);
    expect(parts).toHaveLength(4);
    expect(parts[3]).toBe('--\r\n');
    const cid = /cid="([^"]+)"/.exec(parts[1])?.[1];
    expect(parts[1]).toContain('<list xmlns="urn:ietf:params:xml:ns:rlmi" uri="sip:bob@contoso.com" version="1" fullState="true">');
    expect(parts[1]).toContain('<instance id="1" state="terminated" reason="noresource"/>');
    expect(parts[2]).toContain(`Content-ID: <${cid}>\r\nContent-Type: application/pidf+xml\r\n\r\n<presence/>\r\n`);
  });

  it('uses CRLF line ends in the MIME structure', () => {
    expect(multipart.body.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
