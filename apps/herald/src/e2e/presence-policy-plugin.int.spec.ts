import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ExampleCopy, copyExample, repoRoot } from '../test-support/example-copy';
import { heraldBin, HeraldProcess } from '../test-support/herald-process';
import { runSipp } from '../test-support/sipp';

/**
 * The example third-party plugin (examples/presence-policy-plugin, loaded by its npm package
 * name) in a real `herald start`, against a small policy service on loopback: `herald resolve`
 * and a sipp subscriber see the policy's state, and Herald's own answer once the service is
 * stopped.
 */
jest.setTimeout(120_000);

/** The policy service: busy, with a note, for every alias that starts with `busy`. */
let policy: Server;
let policyPort: number;
const asked: string[] = [];

async function startPolicy(port = 0): Promise<void> {
  policy = createServer((request, response) => {
    const alias = new URL(request.url ?? '/', 'http://policy').searchParams.get('alias') ?? '';
    asked.push(alias);
    const answer = alias.startsWith('busy') || alias.startsWith('meet.alice') ? { presence: 'set', availability: 'busy', note: 'In a meeting (policy)' } : { presence: 'continue' };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  policy.listen(port, '127.0.0.1');
  await once(policy, 'listening');
  policyPort = (policy.address() as AddressInfo).port;
}

async function stopPolicy(): Promise<void> {
  if (!policy.listening) return;
  policy.closeAllConnections();
  policy.close();
  await once(policy, 'close');
}

let example: ExampleCopy;
let herald: HeraldProcess;

beforeAll(async () => {
  await startPolicy();
  example = await copyExample((document) => {
    document.setIn(['log', 'level'], 'debug');
    // A busy room for the policy to talk about: an alias only it knows the state of.
    document.addIn(['services', 0, 'aliases'], document.createNode({ alias: 'busy.alice@vc.example.com', description: '' }));
    document.addIn(['services', 0, 'aliases'], document.createNode({ alias: 'busy2.alice@vc.example.com', description: '' }));
    document.set(
      'plugins',
      document.createNode([
        {
          package: '@herald-examples/presence-policy-plugin',
          options: { url: `http://127.0.0.1:${policyPort}/presence`, timeout_ms: 1000, cache_ttl_s: 1, failure_ttl_s: 1 },
        },
      ]),
    );
  });
  herald = await HeraldProcess.start(example.config);
});

afterAll(async () => {
  expect(await herald.stop()).toBe(0);
  await stopPolicy();
  example.remove();
});

interface Resolved {
  readonly code: number;
  readonly json: { availability: { code: number }; note: string; trace: string[] };
}

/** `herald resolve --json`, run without blocking this process: the policy service lives here. */
function resolve(alias: string, config = example.config): Promise<Resolved> {
  return new Promise((done) => {
    execFile(process.execPath, [heraldBin, 'resolve', alias, '--config', config, '--json'], { encoding: 'utf8', timeout: 30_000 }, (error, stdout) => {
      done({ code: error === null ? 0 : Number(error.code), json: JSON.parse(stdout) as Resolved['json'] });
    });
  });
}

async function delivered(): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${example.httpPort}/metrics`)).text();
  return Number(/^herald_sip_notifies_total\{result="delivered"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}

describe('the presence-policy plugin in a running Herald', () => {
  it('herald start logs the plugin it loaded', () => {
    expect(herald.log).toContain("plugin '@herald-examples/presence-policy-plugin' loaded from plugins[0] (package '@herald-examples/presence-policy-plugin')");
  });

  it('changes what herald resolve answers', async () => {
    const without = await resolve('meet.alice@vc.example.com', join(repoRoot, 'config/example.yaml'));
    expect(without.json.availability.code).toBe(3500);
    const withPolicy = await resolve('meet.alice@vc.example.com');
    expect(withPolicy.code).toBe(0);
    expect(withPolicy.json.availability.code).toBe(6500);
    expect(withPolicy.json.note).toBe('In a meeting (policy)');
    expect(withPolicy.json.trace).toContain("presence policy 'presence-policy-plugin.http': Busy (policy service: busy)");
  });

  it("a sipp subscriber sees Herald's state, then the policy's, then Herald's again once the policy service is stopped", async () => {
    const before = await delivered();
    const sipp = runSipp('subscribe-policy', { port: example.sipPort, transport: 'u1', keys: { presentity: 'busy.alice@vc.example.com', watcher: 'bob@contoso.com', expires: 600 }, timeoutSeconds: 40 });
    // Wait until the subscriber has the first NOTIFY (Herald's) and the second (the policy's).
    for (let i = 0; i < 400 && (await delivered()) < before + 2; i++) await new Promise((r) => setTimeout(r, 50));
    await stopPolicy();
    const { code, logs, errors } = await sipp;
    expect(errors).toBe('');
    expect(code).toBe(0);
    expect(logs).toEqual([
      "first availability=3500 note=Weekly team syncs – video, audio and content sharing",
      'second availability=6500 note=In a meeting (policy)',
      "third availability=3500 note=Weekly team syncs – video, audio and content sharing",
      'final terminated',
    ]);
    expect(herald.log).toMatch(/the policy service at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\); Herald's own answer is used for busy\.alice@vc\.example\.com/);
  });

  it("with the policy service stopped, herald resolve falls back to Herald's own answer and says why", async () => {
    await stopPolicy();
    const fallback = await resolve('busy2.alice@vc.example.com');
    expect(fallback.code).toBe(0);
    expect(fallback.json.availability.code).toBe(3500);
    expect(fallback.json.trace.join('\n')).toMatch(/presence policy 'presence-policy-plugin\.http': no change \(the policy service at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\); Herald's own answer stands\)/);
  });
});
