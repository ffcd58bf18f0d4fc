import { Baresip } from '../test-support/baresip';
import { type ExampleCopy, copyExample } from '../test-support/example-copy';
import { HeraldProcess } from '../test-support/herald-process';

/**
 * baresip, a real SIMPLE client with a presence module, watches a VMR and a mistyped gateway
 * alias through a running `herald start` on (a copy of) config/example.yaml.
 */
jest.setTimeout(60_000);

let example: ExampleCopy;
let herald: HeraldProcess;
let baresip: Baresip | undefined;

beforeAll(async () => {
  example = await copyExample();
  herald = await HeraldProcess.start(example.config);
});

afterAll(async () => {
  await baresip?.stop();
  expect(await herald.stop()).toBe(0);
  example.remove();
});

it('shows the VMR as Online and the mistyped alias as not Online', async () => {
  baresip = await Baresip.start(example.sipPort, {
    'Alice room': 'sip:meet.alice@vc.example.com',
    'Gateway room': 'sip:london-room003@vc.example.com',
    Typo: 'sip:london-room03@vc.example.com',
  });
  const statuses = await baresip.waitForStatuses((s) => s['Alice room'] === 'Online' && s['Gateway room'] === 'Online');
  expect(statuses['Alice room']).toBe('Online');
  expect(statuses['Gateway room']).toBe('Online');
  expect(statuses.Typo).toBeDefined();
  expect(statuses.Typo).not.toBe('Online');
});
