import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@herald/core';
import { type HeraldConfig, loadHeraldConfig } from './herald-config';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-sip-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

async function load(yaml: string): Promise<HeraldConfig | ConfigError> {
  const file = join(folder, 'herald.yaml');
  await writeFile(file, yaml);
  return loadHeraldConfig(file).catch((e: unknown) => e as ConfigError);
}

const shared = [
  'sip:',
  '  contact: sip:presence.vc.example.com:5061;transport=tls',
  '  trusted_peers: [10.0.0.0/24]',
  '  subscriptions: { default_expires: 1800, max_expires: 1800 }',
  '  drachtio: { host: 10.0.0.5, secret: cymru, tags: [herald] }',
];

describe('sip.stack: drachtio', () => {
  it('reads the drachtio keys with their defaults and the keys both transports share', async () => {
    const config = (await load([...shared, '  stack: drachtio'].join('\n'))) as HeraldConfig;
    expect(config.sip.stack).toBe('drachtio');
    expect(config.sip.drachtio).toMatchObject({
      mode: 'inbound',
      host: '10.0.0.5',
      port: 9022,
      secret: 'cymru',
      tags: ['herald'],
      reconnect: { initialDelayMs: 250, factor: 2, maxDelayMs: 30_000 },
      contact: 'sip:presence.vc.example.com:5061;transport=tls',
      peers: { trustedPeers: ['10.0.0.0/24'] },
    });
  });

  it('changes nothing else: the adapter, shared and embedded settings are the same as with stack: embedded', async () => {
    const embedded = (await load([...shared, '  stack: embedded'].join('\n'))) as HeraldConfig;
    const drachtio = (await load([...shared, '  stack: drachtio'].join('\n'))) as HeraldConfig;
    const { sip: a, ...restA } = embedded;
    const { sip: b, ...restB } = drachtio;
    // The rest keeps a copy of the raw sections too; only the stack key itself may differ there.
    const raw = (value: object, stack: string): string => JSON.stringify(value).replaceAll(`"stack":"${stack}"`, '"stack":"?"');
    expect(raw(restB, 'drachtio')).toEqual(raw(restA, 'embedded'));
    expect(b.presence).toEqual(a.presence);
    expect(b.embedded).toEqual(a.embedded);
    expect(b.drachtio).toEqual(a.drachtio);
  });

  it('names the field: a missing drachtio section, a missing secret, a bad tag, an unknown key', async () => {
    const messages = async (yaml: string[]) => {
      const result = await load(yaml.join('\n'));
      expect(result).toBeInstanceOf(ConfigError);
      return (result as ConfigError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(await messages(['sip:', '  stack: drachtio'])).toEqual([expect.stringMatching(/^sip\.drachtio: stack: drachtio needs a drachtio section/)]);
    expect(await messages(['sip:', '  stack: drachtio', '  drachtio: { host: 10.0.0.5 }'])).toEqual([expect.stringMatching(/^sip\.drachtio\.secret: /)]);
    expect(await messages(['sip:', '  stack: drachtio', '  drachtio: { secret: s, tags: [has space] }'])).toEqual([expect.stringMatching(/^sip\.drachtio\.tags\.0: a tag is 1 to 32/)]);
    expect(await messages(['sip:', '  stack: drachtio', '  drachtio: { secret: s, prot: 9022 }'])).toEqual([expect.stringMatching(/^sip\.drachtio.*prot/)]);
    expect(await messages(['sip:', '  stack: kamailio'])).toEqual([expect.stringMatching(/^sip\.stack: .*embedded.*drachtio/)]);
  });
});
