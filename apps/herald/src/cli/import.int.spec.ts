import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test-support/example-copy';
import { heraldBin } from '../test-support/herald-process';

/**
 * `herald import` on the sample export in apps/herald/test-fixtures/platform-export (API JSON
 * list pages and bare arrays, bulk-import CSVs with and without a header, a theme ZIP), then
 * `herald resolve` answering for the imported aliases and rules as the platform would.
 */
jest.setTimeout(60_000);

const fixture = join(repoRoot, 'apps/herald/test-fixtures/platform-export');
let folder: string;
let config: string;
const original = 'node:\n  name: import-test\n  location: Bergen\nhttp:\n  enabled: false\n\n# Rooms come from the platform (herald import)\nservices: []\n';

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'herald-import-'));
  config = join(folder, 'herald.yaml');
  writeFileSync(config, original);
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function herald(...args: string[]) {
  const run = spawnSync(process.execPath, [heraldBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function resolve(alias: string, ...extra: string[]) {
  const run = herald('resolve', alias, '--config', config, '--json', ...extra);
  const answer = JSON.parse(run.out) as { found: boolean; source: string; displayName?: string; note?: string; title?: string; rule?: { name: string }; avatar?: { themeChain: string[] } };
  return { code: run.code, ...answer };
}

describe('herald import', () => {
  it('shows a dry run first and writes nothing; with --apply the imported aliases and rules resolve as on the platform', async () => {
    const dry = herald('import', '--from', fixture, '--config', config);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Read 9 files from');
    expect(dry.out).toContain('5 services (8 aliases), 4 gateway routing rules, 2 themes.');
    expect(dry.out).toContain('Skipped (they publish no presence): 1 two_stage_dialing, 1 test_call, 1 aliases of skipped services.');
    expect(dry.out).toContain("  + conference 'Harbour view room' (aliases: harbour@meet.example.net, 7041, harbour.view@meet.example.net)");
    expect(dry.out).toContain("  ~ global default_theme: none → 'Fjord'");
    expect(dry.out).toContain('Nothing was written.');
    expect(dry.err).toContain("theme 'Auditorium dark' gets an empty one");
    expect(readFileSync(config, 'utf8')).toBe(original);

    const applied = herald('import', '--from', fixture, '--config', config, '--apply');
    expect([applied.code, applied.err.split('\n').filter((l) => !l.startsWith('warning:') && l !== '')]).toEqual([0, []]);
    expect(applied.out).toMatch(/Written: the directory is now at version [0-9a-f]{12}\./);
    expect(readFileSync(config, 'utf8')).toContain('# Rooms come from the platform (herald import)\nservices:\n  - name: Harbour view room\n    id: 41\n');

    // Services: every alias from nested objects, conference_alias.json and the CSVs.
    expect(resolve('harbour@meet.example.net')).toMatchObject({ code: 0, source: 'service', displayName: 'Harbour view room', note: 'Sprint reviews, Tuesdays', title: 'Virtual Meeting Room' });
    expect(resolve('sip:7041@192.0.2.10')).toMatchObject({ code: 0, displayName: 'Harbour view room' });
    expect(resolve('Harbour.View@meet.example.net')).toMatchObject({ code: 0, displayName: 'Harbour view room' });
    expect(resolve('townhall@meet.example.net')).toMatchObject({ code: 0, title: 'Virtual Auditorium', note: 'All staff, first Thursday of the quarter' });
    expect(resolve('7050')).toMatchObject({ code: 0, displayName: 'Sales huddle', note: 'Daily stand-up, 08:45' });
    expect(resolve('eng-allhands@meet.example.net')).toMatchObject({ code: 0, title: 'Virtual Auditorium', displayName: 'Engineering all-hands' });
    // Skipped service types publish nothing.
    expect(resolve('reception@meet.example.net')).toMatchObject({ code: 1, found: false });
    // Themes: the VMR's own theme from its ZIP; the theme without a ZIP falls back to the default (Fjord).
    expect(resolve('harbour@meet.example.net').avatar?.themeChain).toEqual(["'Fjord' (service theme): presence_avatar_image.jpg"]);
    expect(resolve('sales@meet.example.net').avatar?.themeChain).toEqual([
      "'Auditorium dark' (service theme): has no presence_avatar_image.jpg",
      "'Fjord' (default theme): presence_avatar_image.jpg",
    ]);
    // Rules: full, case-insensitive match for MS-SIP; no MS-SIP, wrong location, disabled or partial match give nothing.
    expect(resolve('MR-Oslo-101@Rooms.Example.NET')).toMatchObject({ code: 0, source: 'rule', rule: { name: 'SfB to meeting-room endpoints' } });
    expect(resolve('mr-oslo-1012@rooms.example.net')).toMatchObject({ code: 1, found: false });
    expect(resolve('12345@rooms.example.net')).toMatchObject({ code: 1, found: false });
    expect(resolve('12345@rooms.example.net', '--protocol', 'h323')).toMatchObject({ code: 0, rule: { name: 'H.323 numbers' } });
    expect(resolve('lab7@rooms.example.net')).toMatchObject({ code: 1, found: false });
    expect(resolve('lab7@rooms.example.net', '--location', 'Oslo')).toMatchObject({ code: 0, rule: { name: 'Oslo lab endpoints' } });
    expect(resolve('anything@else.example.org')).toMatchObject({ code: 1, found: false });

    // A second run finds nothing to change.
    const again = herald('import', '--from', fixture, '--config', config);
    expect(again.out).toContain('Changes to the directory of');
    expect(again.out).toContain('  none\n');
  });

  it('reports bad rows and objects with file, line or id and reason, writes nothing, and exits 1', async () => {
    const broken = join(folder, 'export');
    cpSync(fixture, broken, { recursive: true });
    writeFileSync(join(broken, 'vmrs.csv'), readFileSync(join(broken, 'vmrs.csv'), 'utf8') + 'Bad row,,,,,bad@meet.example.net,,,,,,,,No such theme,,\n,no name,,,,x@meet.example.net\n');
    const rules = JSON.parse(readFileSync(join(broken, 'gateway_routing_rule.json'), 'utf8')) as { objects: Record<string, unknown>[] };
    rules.objects[0].priority = 0;
    writeFileSync(join(broken, 'gateway_routing_rule.json'), JSON.stringify(rules));
    const run = herald('import', '--from', broken, '--config', config, '--apply');
    expect(run.code).toBe(1);
    expect(run.err).toContain('3 problems in the export; nothing was written:');
    expect(run.err).toContain(`gateway_routing_rule.json: object id 5: priority: Ensure this value is greater than or equal to 1.`);
    expect(run.err).toContain(`vmrs.csv:5: ivr_theme_name: there is no theme named 'No such theme' in the export or the directory`);
    expect(run.err).toContain('vmrs.csv:6: name: every row needs the service name (1 to 250 characters)');
    expect(readFileSync(config, 'utf8')).toBe(original);
  });

  it('reports what only the merged directory shows (an alias another room has, a regex RE2 refuses) by object and source', async () => {
    writeFileSync(config, `${original.replace('services: []\n', '')}services:\n  - name: Existing room\n    aliases: [harbour@meet.example.net]\n`);
    const broken = join(folder, 'export');
    cpSync(fixture, broken, { recursive: true });
    const rules = JSON.parse(readFileSync(join(broken, 'gateway_routing_rule.json'), 'utf8')) as { objects: Record<string, unknown>[] };
    rules.objects[1].match_string = 'room[0-9';
    writeFileSync(join(broken, 'gateway_routing_rule.json'), JSON.stringify(rules));
    const run = herald('import', '--from', broken, '--config', config);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/conference 'Harbour view room' \(.*conference\.json: object id 41\): aliases\[0\]\.alias: 'harbour@meet\.example\.net' is already an alias of services\[0\] \('Existing room'\)/);
    expect(run.err).toMatch(/gateway_routing_rule 'H\.323 numbers' \(.*gateway_routing_rule\.json: object id 6\): match_string: /);
  });

  it('exits 2 for a wrong command line or configuration', () => {
    expect(herald('import', '--from', join(folder, 'missing'), '--config', config).code).toBe(2);
    expect(herald('import', '--config', config).code).toBe(2);
    writeFileSync(config, 'node:\n  nam: x\n');
    expect(herald('import', '--from', fixture, '--config', config).code).toBe(2);
  });
});
