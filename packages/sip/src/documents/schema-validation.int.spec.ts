import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Availability, type PresenceView } from '@herald/core';
import { renderCategoriesDocument } from './categories-document';
import { renderMsrtcPidfDocument } from './msrtc-pidf-document';
import { renderPidfDocument } from './pidf-document';
import { renderRlmiMultipart } from './rlmi-document';

/**
 * The documents Herald sends, checked by xmllint: PIDF (with RPID and CIPID) and RLMI against
 * the IETF schemas in ../shared/schemas (all namespaces loaded, so extension elements are
 * checked too); the Microsoft formats, which have no schema here, for well-formedness.
 */
const repo = resolve(__dirname, '../../../..');
const schema = resolve(repo, '../shared/schemas/ietf/presence-all.xsd');

const base: PresenceView = {
  presentity: 'cafe7@vc.example.com',
  availability: Availability.Available,
  displayName: 'Ünïcode Café – Room 7 & "friends" <b>',
  note: "Alice's <café> & \"friends\"",
  title: 'Virtual Meeting Room',
  avatar: { url: 'http://127.0.0.1:8080/avatars/0f0f.jpg?v=1&x=2', hash: '0f0f', themeChain: [] },
  source: { kind: 'service', service: { kind: 'vmr', name: 'x', description: '', aliases: [], tag: '', enabled: true }, alias: { alias: 'x', description: '' } },
};
const variants: [string, PresenceView][] = [
  ['available with everything', base],
  ['busy', { ...base, availability: Availability.Busy }],
  ['away', { ...base, availability: Availability.Away }],
  ['offline', { ...base, availability: Availability.Offline }],
  ['no avatar, no note', { ...base, avatar: undefined, note: '' }],
];

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'herald-xml-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function xmllint(name: string, document: string, withSchema: boolean): { status: number | null; output: string } {
  const file = join(folder, name.replace(/[^a-z0-9]+/gi, '-') + '.xml');
  writeFileSync(file, document, 'utf8');
  const args = ['--noout', '--nonet', ...(withSchema ? ['--schema', schema] : []), file];
  const result = spawnSync('xmllint', args, { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('documents against the schemas (xmllint)', () => {
  beforeAll(() => {
    if (!existsSync(schema)) throw new Error(`the IETF schemas are expected at ${schema}`);
    const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error('xmllint is not installed (Debian package libxml2-utils; .ci/run installs it)');
  });

  it.each(variants)('PIDF, %s, validates', (name, view) => {
    const { status, output } = xmllint(`pidf ${name}`, renderPidfDocument(view, 'sip:cafe7@vc.example.com'), true);
    expect(output).toContain('validates');
    expect(status).toBe(0);
  });

  it.each([
    ['an invalid basic status', (d: string) => d.replace('<basic>open</basic>', '<basic>opened</basic>')],
    ['an unknown RPID activity', (d: string) => d.replace('<c:display-name>', '<rpid:activities><rpid:bogus/></rpid:activities><c:display-name>')],
    ['the person note before the CIPID elements', (d: string) => d.replace(/(<c:display-name>.*<\/c:icon>)(<dm:note>.*<\/dm:note>)/, '$2$1')],
  ])('a PIDF document with %s is rejected, so the check has teeth', (_name, breakIt) => {
    const document = renderPidfDocument(base, 'sip:x@y');
    const broken = breakIt(document);
    expect(broken).not.toBe(document);
    expect(xmllint(`pidf broken ${_name}`, broken, true).status).not.toBe(0);
  });

  it('the RLMI root part of a list notification validates', () => {
    const multipart = renderRlmiMultipart({
      listUri: 'sip:bob@contoso.com',
      version: 3,
      fullState: false,
      resources: [
        { uri: 'sip:cafe7@vc.example.com', instanceId: '0', state: 'active', part: { contentType: 'application/pidf+xml', body: renderPidfDocument(base, 'sip:cafe7@vc.example.com') } },
        { uri: 'sip:gone@vc.example.com', instanceId: '1', state: 'terminated', reason: 'noresource' },
      ],
    });
    const root = multipart.body.slice(multipart.body.indexOf('<?xml'), multipart.body.indexOf('</list>') + '</list>'.length);
    const { status, output } = xmllint('rlmi', root, true);
    expect(output).toContain('validates');
    expect(status).toBe(0);
  });

  it.each(variants)('msrtc categories and msrtc.pidf, %s, are well-formed', (name, view) => {
    expect(xmllint(`categories ${name}`, renderCategoriesDocument(view, { uri: 'sip:cafe7@vc.example.com', publishTime: 0 }), false).status).toBe(0);
    expect(xmllint(`msrtc ${name}`, renderMsrtcPidfDocument(view, 'sip:cafe7@vc.example.com'), false).status).toBe(0);
  });
});
