import { directoryContentToDocument } from './directory-document-form';
import { parseDirectoryDocument } from './directory-document';
import { type DirectoryContent } from './directory-snapshot';

const content: DirectoryContent = {
  defaultTheme: 'Blue',
  themes: [{ name: 'Blue', id: 1, path: '/etc/herald/themes/blue' }, { name: 'Elsewhere', path: '/srv/elsewhere.zip' }],
  services: [
    {
      id: 7,
      kind: 'virtual-auditorium',
      name: 'All hands',
      description: 'Mondays',
      aliases: [{ alias: 'allhands@vc.example.com', description: '' }, { id: 12, alias: '65432', description: 'Dial-in' }],
      theme: '1',
      tag: 't',
      enabled: false,
    },
    { kind: 'vmr', name: 'Plain room', description: '', aliases: [], tag: '', enabled: true },
  ],
  rules: [
    {
      id: 3,
      name: 'Rooms',
      description: '',
      priority: 100,
      enabled: true,
      matchIncomingCalls: true,
      incomingProtocols: { sip: true, h323: false, mssip: true, webrtc: true, teams: false },
      matchIncomingOnlyIfRegistered: false,
      sourceLocation: 'oslo',
      matchString: '[a-z]+@vc\\.example\\.com',
      matchStringFull: false,
      replaceString: '\\1',
      tag: '',
    },
  ],
};

const withoutOrigins = (c: DirectoryContent) => ({ ...c, rules: c.rules.map(({ origin: _origin, ...rule }) => rule) });

describe('directoryContentToDocument', () => {
  it.each(['full', 'minimal'] as const)('is read back by parseDirectoryDocument as the same content (%s form)', (form) => {
    const document = directoryContentToDocument(content, { form, baseDir: '/etc/herald' });
    const parsed = parseDirectoryDocument(JSON.parse(JSON.stringify(document)), { origin: 'x', baseDir: '/etc/herald' });
    expect(parsed.ok && withoutOrigins(parsed.content)).toEqual(content);
  });

  it('writes theme paths inside the base folder relative to it, and leaves defaults out of the minimal form', () => {
    const document = directoryContentToDocument(content, { form: 'minimal', baseDir: '/etc/herald' });
    expect(document.themes).toEqual([{ name: 'Blue', id: 1, path: 'themes/blue' }, { name: 'Elsewhere', path: '/srv/elsewhere.zip' }]);
    expect((document.services as unknown[])[1]).toEqual({ name: 'Plain room', aliases: [] });
    expect((document.gateway_routing_rules as unknown[])[0]).toEqual({
      name: 'Rooms',
      id: 3,
      priority: 100,
      match_incoming_h323: false,
      match_source_location: 'oslo',
      match_string: '[a-z]+@vc\\.example\\.com',
      replace_string: '\\1',
    });
  });

  it('reports two aliases with one id', () => {
    const twice = { ...content, services: [content.services[0], { ...content.services[1], aliases: [{ id: 12, alias: 'x@vc.example.com', description: '' }] }] };
    const parsed = parseDirectoryDocument(directoryContentToDocument(twice), { origin: 'x', baseDir: '/' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.path.join('.'))).toEqual(['services.1.aliases.0.id']);
  });
});
