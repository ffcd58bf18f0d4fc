import { ContainerModule } from 'inversify';
import { checkPluginApi, definePlugin, heraldApiVersion } from './herald-plugin';

describe('checkPluginApi', () => {
  it('accepts the same major with an older or equal minor', () => {
    expect(checkPluginApi('1.0', '1.0')).toEqual({ ok: true });
    expect(checkPluginApi('1.0', '1.3')).toEqual({ ok: true });
  });

  it('refuses a newer minor or another major, naming both versions', () => {
    expect(checkPluginApi('1.4', '1.2')).toEqual({ ok: false, reason: 'it needs Herald API 1.4 and this Herald offers only 1.2; upgrade Herald' });
    expect(checkPluginApi('2.0', '1.2')).toEqual({ ok: false, reason: 'it needs Herald API 2.0 and this Herald offers 1.2 (a different major version)' });
    expect(checkPluginApi('^1.0.0', '1.2')).toMatchObject({ ok: false, reason: expect.stringContaining("'^1.0.0', which is not a MAJOR.MINOR version") });
  });

  it('defaults to the version this core offers', () => {
    expect(checkPluginApi(heraldApiVersion)).toEqual({ ok: true });
  });
});

describe('definePlugin', () => {
  it('returns a frozen plugin', () => {
    const plugin = definePlugin({ name: 'demo', heraldApi: '1.0', contributes: ['lifecycle'], createModule: () => new ContainerModule(() => undefined) });
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(plugin.name).toBe('demo');
  });

  it('refuses metadata that a host would refuse, saying what is wrong', () => {
    expect(() => definePlugin({ name: 'demo', heraldApi: '1.0', contributes: ['telepathy' as never], createModule: () => new ContainerModule(() => undefined) })).toThrow(
      "invalid Herald plugin 'demo': contributes: 'telepathy' is not one of protocol-adapter, lifecycle, http-routes, presence-policy, directory-validator, health",
    );
  });
});
