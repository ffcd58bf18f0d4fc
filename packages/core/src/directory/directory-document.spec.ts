import { formatConfigPath } from '../config/config-issue';
import { parseDirectoryDocument } from './directory-document';
import { DirectorySnapshot } from './directory-snapshot';

const options = { origin: 'herald.yaml', baseDir: '/etc/herald' };

function problems(document: unknown): string[] {
  const result = parseDirectoryDocument(document, options);
  if (result.ok) return [];
  return result.issues.map((i) => `${formatConfigPath(i.path)}: ${i.message}`);
}

const rule = { name: 'rooms', priority: 100, match_string: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' };

describe('parseDirectoryDocument', () => {
  it('turns the platform-style document into directory content with defaults', () => {
    const result = parseDirectoryDocument(
      {
        default_theme: 'Acme',
        themes: [{ name: 'Acme', id: 2, path: 'themes/acme' }],
        services: [
          { name: "Alice's room", description: 'Weekly syncs', ivr_theme: 2, aliases: ['meet.alice@vc.example.com', { alias: '65432', description: 'short' }] },
          { name: 'Town hall', kind: 'virtual-auditorium', aliases: [] },
        ],
        gateway_routing_rules: [{ ...rule, match_incoming_mssip: false, ivr_theme: null }],
        sip: { unrelated: true },
      },
      options,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { content } = result;
    expect(content.themes[0]).toEqual({ id: 2, name: 'Acme', path: '/etc/herald/themes/acme' });
    expect(content.services[0]).toEqual({
      kind: 'vmr',
      name: "Alice's room",
      description: 'Weekly syncs',
      aliases: [
        { alias: 'meet.alice@vc.example.com', description: '' },
        { alias: '65432', description: 'short' },
      ],
      theme: '2',
      tag: '',
      enabled: true,
    });
    expect(content.services[1].kind).toBe('virtual-auditorium');
    expect(content.rules[0]).toMatchObject({
      enabled: true,
      matchIncomingCalls: true,
      incomingProtocols: { sip: true, h323: true, mssip: false, webrtc: true, teams: false },
      matchStringFull: false,
      replaceString: '',
      origin: 'herald.yaml#gateway_routing_rules[0]',
    });
    expect(content.rules[0].theme).toBeUndefined();
    expect(new DirectorySnapshot(content, { version: '1', origin: 'x' }).findServiceByAlias('65432')?.alias.description).toBe('short');
  });

  it('accepts an empty document', () => {
    expect(parseDirectoryDocument(undefined, options)).toMatchObject({ ok: true, content: { services: [], rules: [], themes: [] } });
  });

  it('names the path and the reason for each wrong value, all at once', () => {
    expect(
      problems({
        services: [{ name: 42, aliases: [{ alias: '' }] }],
        gateway_routing_rules: [{ ...rule, priority: 201 }, { name: 'no regex', priority: 5 }],
      }),
    ).toEqual([
      "services[0].name: must be a string, not number 42; quote it ('42') so that YAML keeps it as text, digits and all",
      'services[0].aliases[0].alias: must not be empty',
      'gateway_routing_rules[0].priority: must be between 1 and 200',
      'gateway_routing_rules[1].match_string: is required (string)',
    ]);
  });

  it('names unknown fields and suggests the likely intended one', () => {
    expect(problems({ gateway_routing_rules: [{ ...rule, match_sting: 'x', colour: 'red' }] })).toEqual([
      "gateway_routing_rules[0].match_sting: unknown field; did you mean 'match_string'?",
      'gateway_routing_rules[0].colour: unknown field',
    ]);
  });

  it('rejects an unknown service kind with the allowed values', () => {
    expect(problems({ services: [{ name: 'x', kind: 'reception' }] })).toEqual([
      "services[0].kind: must be one of 'vmr', 'virtual-auditorium', not the text 'reception'",
    ]);
  });

  it('rejects an alias used twice, naming the other owner', () => {
    expect(
      problems({
        services: [
          { name: 'A', aliases: ['meet@vc.example.com'] },
          { name: 'B', aliases: ['SIP:Meet@VC.example.com'] },
        ],
      }),
    ).toEqual([
      "services[1].aliases[0].alias: 'SIP:Meet@VC.example.com' is already an alias of services[0] ('A'); an alias can lead to one service only",
    ]);
  });

  it('rejects duplicate names and theme references to nothing, with a suggestion', () => {
    expect(
      problems({
        default_theme: 'acme',
        themes: [{ name: 'Acme', path: 'a' }],
        services: [{ name: 'A', ivr_theme: 'Acme' }, { name: 'A' }],
        gateway_routing_rules: [rule, { ...rule, ivr_theme: 'Nope' }],
      }),
    ).toEqual([
      "default_theme: names no theme 'acme'; did you mean 'Acme'?",
      'services[1].name: duplicates the name of services[0]',
      'gateway_routing_rules[1].name: duplicates the name of gateway_routing_rules[0]',
      "gateway_routing_rules[1].ivr_theme: names no theme 'Nope'",
    ]);
  });

  it('rejects an alias that cannot be normalised', () => {
    expect(problems({ services: [{ name: 'A', aliases: ['meet alice@vc.example.com'] }] })).toEqual([
      "services[0].aliases[0].alias: 'meet alice@vc.example.com' is not a usable alias: contains whitespace or a control character at position 5",
    ]);
  });
});
