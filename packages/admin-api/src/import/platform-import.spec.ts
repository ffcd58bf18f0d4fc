import { withIds } from '../resources/identified-content';
import { convertPlatformExport } from './platform-import';
import { type ImportFile } from './platform-records';

const file = (path: string, text: string): ImportFile => ({ path, bytes: Buffer.from(text) });
const empty = withIds({ services: [], rules: [], themes: [] });
const uri = (kind: string, id: number) => `/api/admin/configuration/v1/${kind}/${id}/`;

describe('convertPlatformExport (no I/O)', () => {
  it('reads list pages and bare arrays, related fields as URIs or nested objects, and keeps the platform ids', () => {
    const result = convertPlatformExport(
      [
        file('ivr_theme.json', JSON.stringify([{ id: 4, name: 'Sea' }])),
        file('conference.json', JSON.stringify({ meta: {}, objects: [{ id: 9, name: 'Room', service_type: 'conference', ivr_theme: { id: 4, name: 'Sea' }, aliases: [{ id: 30, alias: 'room@x.example' }] }] })),
        file('more.json', JSON.stringify([{ id: 31, alias: 'room2@x.example', conference: uri('conference', 9), resource_uri: uri('conference_alias', 31) }])),
        file('Sea.zip', 'PK\u0005\u0006'),
      ],
      empty,
    );
    expect(result.problems).toEqual([]);
    expect(result.content.services).toEqual([
      { id: 9, kind: 'vmr', name: 'Room', description: '', tag: '', enabled: true, theme: 'Sea', aliases: [{ id: 30, alias: 'room@x.example', description: '' }, { id: 31, alias: 'room2@x.example', description: '' }] },
    ]);
    expect([...result.themePackages.keys()]).toEqual(['Sea']);
    expect(result.warnings).toEqual([]);
  });

  it('takes only conference and lecture services, counting the others and their aliases', () => {
    const result = convertPlatformExport(
      [
        file('conference.json', JSON.stringify([{ id: 1, name: 'VA', service_type: 'lecture' }, { id: 2, name: 'Reception', service_type: 'two_stage_dialing' }, { id: 3, name: 'Play', service_type: 'media_playback' }])),
        file('conference_alias.json', JSON.stringify([{ id: 5, alias: 'r@x.example', conference: uri('conference', 2) }])),
      ],
      empty,
    );
    expect(result.content.services.map((s) => [s.name, s.kind])).toEqual([['VA', 'virtual-auditorium']]);
    expect(result.skipped).toEqual({ two_stage_dialing: 1, media_playback: 1, 'aliases of skipped services': 1 });
  });

  it('reads the bulk-import CSV with or without a header, one alias per row, and names bad rows by line', () => {
    const headed = 'name,description,pin,allow_guests,guest_pin,alias_alias,alias_description,tag\nA,Desc A,,,,a1@x.example,,t\n\nA,Desc A,,,,a2@x.example,second,t\n';
    const bare = 'B,Desc B,,,,b@x.example\n,nameless,,,,c@x.example\n';
    const result = convertPlatformExport([file('vmr.csv', headed), file('auditoriums.csv', bare)], empty);
    expect(result.problems).toEqual([{ where: 'auditoriums.csv:2', message: 'name: every row needs the service name (1 to 250 characters)' }]);
    expect(result.content.services.map((s) => [s.name, s.kind, s.description, s.aliases.map((a) => a.alias)])).toEqual([
      ['A', 'vmr', 'Desc A', ['a1@x.example', 'a2@x.example']],
      ['B', 'virtual-auditorium', 'Desc B', ['b@x.example']],
    ]);
  });

  it('maps a rule location given by id through the export\'s system_location objects, and refuses one it cannot map', () => {
    const rule = (id: number, location: unknown) => ({ id, name: `r${id}`, priority: id, match_string: 'x', match_source_location: location });
    const result = convertPlatformExport(
      [file('system_location.json', JSON.stringify([{ id: 3, name: 'Oslo' }])), file('gateway_routing_rule.json', JSON.stringify([rule(1, uri('system_location', 3)), rule(2, uri('system_location', 4))]))],
      empty,
    );
    expect(result.content.rules.map((r) => r.sourceLocation)).toEqual(['Oslo']);
    expect(result.problems).toEqual([
      {
        where: 'gateway_routing_rule.json: object id 2',
        message: `match_source_location: Herald knows locations by name (node.location), not by id; give the location's name instead of ${uri('system_location', 4)}.`,
      },
    ]);
  });

  it('merges by name into the directory, keeping what the export does not mention, and moves an id the directory already uses', () => {
    const current = withIds({ services: [{ id: 9, kind: 'vmr', name: 'Local', description: '', aliases: [], tag: '', enabled: true }], rules: [], themes: [] });
    const result = convertPlatformExport([file('conference.json', JSON.stringify([{ id: 9, name: 'Imported', service_type: 'conference' }]))], current);
    expect(result.content.services.map((s) => [s.id, s.name])).toEqual([
      [9, 'Local'],
      [10, 'Imported'],
    ]);
    expect(result.warnings).toEqual([{ where: "conference 'Imported'", message: "its id 9 belongs to 'Local' in the directory; it gets id 10" }]);
  });

  it('reports files it cannot read', () => {
    const result = convertPlatformExport([file('notes.txt', 'x'), file('conference.json', '{ nope')], empty);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.where)).toEqual(['notes.txt', 'conference.json']);
  });
});
