import { spawnSync } from 'node:child_process';
import { type ExampleCopy, copyExample } from '../test-support/example-copy';
import { heraldBin, HeraldProcess } from '../test-support/herald-process';
import { runSipp } from '../test-support/sipp';

/**
 * Real SIP clients against a running `herald start` on (a copy of) config/example.yaml:
 * sipp plays each request form Lync/SfB and SIMPLE clients send, over UDP and over TCP.
 */
jest.setTimeout(90_000);

let example: ExampleCopy;
let herald: HeraldProcess;

beforeAll(async () => {
  example = await copyExample((document) => {
    // Debug lines say when a subscription was accepted; the change test waits for one.
    document.setIn(['log', 'level'], 'debug');
    document.setIn(['sip', 'subscriptions', 'min_expires'], 1);
  });
  herald = await HeraldProcess.start(example.config);
});

afterAll(async () => {
  expect(await herald.stop()).toBe(0);
  example.remove();
});

const aliceName = 'Alice&apos;s meeting room';
const aliceNote = 'Weekly team syncs – video, audio and content sharing';

function resolveAvatar(alias: string): { url: string; hash: string } {
  const answer = spawnSync(process.execPath, [heraldBin, 'resolve', alias, '--config', example.config, '--json'], { encoding: 'utf8' });
  return (JSON.parse(answer.stdout) as { avatar: { url: string; hash: string } }).avatar;
}

function keys(presentity: string, extra: Record<string, string | number> = {}) {
  return { presentity, watcher: 'bob@contoso.com', expires: 600, ...extra };
}

describe.each([
  ['UDP', 'u1'],
  ['TCP', 't1'],
] as const)('SIP/SIMPLE over %s (sipp)', (_name, transport) => {
  const run = (scenario: string, presentity: string, extra: Record<string, string | number> = {}) =>
    runSipp(scenario, { port: example.sipPort, transport, keys: keys(presentity, extra) });

  it('A with piggyback: the 200 carries availability 3500, the VMR name, the description and the avatar URL with its hash', async () => {
    const { code, logs, errors } = await run('subscribe-categories-piggyback', 'meet.alice@vc.example.com');
    expect(errors).toBe('');
    expect(code).toBe(0);
    const avatar = resolveAvatar('meet.alice@vc.example.com');
    expect(logs).toEqual([`categories availability=3500 name=${aliceName} note=${aliceNote} photo=${avatar.url} hash=${avatar.hash}`, 'final terminated']);
  });

  it('A without piggyback: an immediate NOTIFY carries the same document', async () => {
    const { code, logs } = await run('subscribe-categories', 'meet.alice@vc.example.com');
    expect(code).toBe(0);
    expect(logs[0]).toMatch(new RegExp(`^categories availability=3500 name=${aliceName} note=${aliceNote} photo=http://127\\.0\\.0\\.1:${example.httpPort}/avatars/[0-9a-f]{32}\\.jpg`));
  });

  it('B: a batched subscription gets RLMI with each resource, noresource for an unknown one', async () => {
    const { code, logs } = await run('subscribe-batch', 'meet.alice@vc.example.com', { presentity2: 'allhands@vc.example.com', unknown: 'nobody@vc.example.com' });
    expect(code).toBe(0);
    expect(logs[0]).toBe('batch type=multipart/related require=eventlist full=fullState="true" noresource=state="terminated" reason="noresource"');
  });

  it('D: an MSRTC subscription without a body gets msrtc.pidf', async () => {
    const { code, logs } = await run('subscribe-msrtc', 'allhands@vc.example.com');
    expect(code).toBe(0);
    expect(logs[0]).toBe('msrtc type=text/xml+msrtc.pidf name=Company all-hands available=<availability aggregate="300"');
  });

  it('E: a PIDF subscriber to a gateway contact gets basic open', async () => {
    const { code, logs } = await run('subscribe-pidf', 'london-room003@vc.example.com');
    expect(code).toBe(0);
    expect(logs).toEqual(['pidf state=active basic=open name=london-room003@vc.example.com', 'final terminated']);
  });

  it('a mistyped gateway alias gets 404', async () => {
    const { code, errors } = await run('subscribe-unknown', 'london-room03@vc.example.com');
    expect(errors).toBe('');
    expect(code).toBe(0);
  });

  it('refresh: the 200 grants the new duration and the state comes again', async () => {
    const { code, logs } = await run('subscribe-refresh', 'meet.bob@vc.example.com', { refresh_expires: 900 });
    expect(code).toBe(0);
    expect(logs).toEqual([
      "pidf state=active basic=open name=Bob&apos;s meeting room",
      'refresh granted=900',
      "pidf state=active basic=open name=Bob&apos;s meeting room",
      'final terminated',
    ]);
  });

  it('expiry: an unrefreshed subscription ends with terminated;reason=timeout', async () => {
    const { code, logs } = await run('subscribe-expiry', 'meet.bob@vc.example.com', { expires: 2 });
    expect(code).toBe(0);
    expect(logs.at(-1)).toBe('final terminated;reason=timeout');
  });
});

describe('a directory change during a live subscription', () => {
  it.each(['u1', 't1'] as const)('renaming the VMR in the config file sends the subscriber a NOTIFY with the new name (%s)', async (transport) => {
    const mark = herald.mark();
    const sipp = runSipp('subscribe-change', { port: example.sipPort, transport, keys: keys('cafe7@vc.example.com') });
    await herald.waitFor('"msg":"subscription accepted"', mark);
    const newName = `Café 7 renamed over ${transport}`;
    example.edit((document) => {
      const services = document.get('services') as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] };
      services.items.find((s) => String(s.get('name')).startsWith('Ünïcode Café'))?.set('name', newName);
    });
    const { code, logs, errors } = await sipp;
    expect(errors).toBe('');
    expect(code).toBe(0);
    expect(logs).toContain(`changed name=${newName}`);
    example.edit((document) => {
      const services = document.get('services') as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] };
      services.items.find((s) => s.get('name') === newName)?.set('name', 'Ünïcode Café – Room 7');
    });
    await herald.waitFor('"msg":"directory reloaded"', herald.mark());
  });
});

describe('what the node reports', () => {
  it('counts subscriptions and their answers on /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${example.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/^herald_sip_subscriptions \d+$/m);
    expect(metrics).toMatch(/^herald_sip_subscribe_responses_total\{status="404"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^herald_sip_subscribe_responses_total\{status="200"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^herald_sip_notifies_total\{result="delivered"\} [1-9]\d*$/m);
  });
});
