import { type ExampleCopy, copyExample } from '../test-support/example-copy';
import { HeraldProcess } from '../test-support/herald-process';
import { runSipp } from '../test-support/sipp';

/**
 * The sipp scenarios of sip-presence.int.spec.ts (A with piggyback, and E: PIDF), played
 * through a live drachtio-server in front of `herald start` with `sip.stack: drachtio`.
 * drachtio-server has no Debian or npm package (see README, "Running behind drachtio-server"),
 * so CI has none: this runs only when DRACHTIO_HOST, DRACHTIO_PORT and
 * DRACHTIO_SECRET name a running drachtio-server whose SIP side listens on 127.0.0.1
 * (DRACHTIO_SIP_PORT, default 5060, UDP and TCP); otherwise it is skipped, saying why.
 */
const host = process.env['DRACHTIO_HOST'];
const port = Number(process.env['DRACHTIO_PORT']);
const secret = process.env['DRACHTIO_SECRET'];
const sipPort = Number(process.env['DRACHTIO_SIP_PORT'] ?? 5060);
const live = host !== undefined && host !== '' && Number.isInteger(port) && port > 0 && secret !== undefined && secret !== '';

const title = live
  ? `sipp through the live drachtio-server at ${host}:${port} (SIP on 127.0.0.1:${sipPort})`
  : 'sipp through a live drachtio-server — skipped: DRACHTIO_HOST, DRACHTIO_PORT and DRACHTIO_SECRET are not set (point them at a running drachtio-server to run it)';

jest.setTimeout(90_000);
// Jest lists nothing for a file whose tests are all skipped; this line says why they were.
if (!live) console.warn(`drachtio-sipp.int.spec.ts: ${title}`);

(live ? describe : describe.skip)(title, () => {
  let example: ExampleCopy;
  let herald: HeraldProcess;

  beforeAll(async () => {
    example = await copyExample((document) => {
      document.setIn(['sip', 'stack'], 'drachtio');
      document.setIn(['sip', 'drachtio'], { host, port, secret, tags: ['herald'] });
    });
    herald = await HeraldProcess.start(example.config);
    await herald.waitFor('connected to drachtio-server');
  });

  afterAll(async () => {
    expect(await herald.stop()).toBe(0);
    example.remove();
  });

  const keys = (presentity: string) => ({ presentity, watcher: 'bob@contoso.com', expires: 600 });

  describe.each([
    ['UDP', 'u1'],
    ['TCP', 't1'],
  ] as const)('over %s', (_name, transport) => {
    it('A with piggyback: the 200 carries availability 3500, the VMR name and the description', async () => {
      const { code, logs, errors } = await runSipp('subscribe-categories-piggyback', { port: sipPort, transport, keys: keys('meet.alice@vc.example.com') });
      expect(errors).toBe('');
      expect(code).toBe(0);
      expect(logs[0]).toMatch(/^categories availability=3500 name=Alice&apos;s meeting room note=Weekly team syncs/);
      expect(logs[1]).toBe('final terminated');
    });

    it('E: a PIDF subscriber to a gateway contact gets basic open', async () => {
      const { code, logs } = await runSipp('subscribe-pidf', { port: sipPort, transport, keys: keys('london-room003@vc.example.com') });
      expect(code).toBe(0);
      expect(logs).toEqual(['pidf state=active basic=open name=london-room003@vc.example.com', 'final terminated']);
    });
  });
});
