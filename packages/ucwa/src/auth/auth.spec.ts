import { Container, createCoreModule } from '@herald/core';
import { FakeClock, RecordingLogger } from '@herald/testing';
import { createUcwaModule, type UcwaModuleOptions } from '../ucwa-module';
import { ClientCredentialsIssuer } from './client-credentials-issuer';
import { sameText } from './connection-token-cache';
import { UcwaAuthenticator } from './ucwa-authenticator';
import { UcwaTokenVerifier } from './ucwa-token-verifier';

function node(options: UcwaModuleOptions, extra: (container: Container) => void = () => undefined) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ clock, logger }), createUcwaModule(options));
  extra(container);
  return { clock, logger, authenticator: container.get(UcwaAuthenticator), issuer: container.get(ClientCredentialsIssuer) };
}

const client = { clientId: 'web-app', clientSecret: 'web-app-secret-0123456789' };

describe('UcwaAuthenticator', () => {
  it('accepts configured tokens by name, and tells a missing token from a bad one', async () => {
    const { authenticator } = node({ tokens: [{ name: 'portal', token: 'portal-token-0123456789' }, { name: 'kiosk', token: 'kiosk-token-0123456789' }] });
    expect(await authenticator.authenticate('Bearer kiosk-token-0123456789')).toEqual({ ok: true, principal: { name: 'kiosk', source: 'config' } });
    expect(await authenticator.authenticate('bearer  portal-token-0123456789')).toMatchObject({ ok: true, principal: { name: 'portal' } });
    expect(await authenticator.authenticate(undefined)).toMatchObject({ ok: false, failure: 'missing' });
    expect(await authenticator.authenticate('Basic d2ViOnNlY3JldA==')).toMatchObject({ ok: false, failure: 'missing' });
    expect(await authenticator.authenticate('Bearer portal-token-012345678')).toMatchObject({ ok: false, failure: 'invalid' });
    expect(await authenticator.authenticate('Bearer two words')).toMatchObject({ ok: false, failure: 'invalid' });
  });

  it('checks a token again on a connection only after a second, or when the connection presents another one', async () => {
    const asked: string[] = [];
    const counting: UcwaTokenVerifier = { id: 'counting', verify: (token) => (asked.push(token), token.startsWith('good') ? { name: token, source: 'counting' } : undefined) };
    const { authenticator, clock } = node({}, (container) => container.bind(UcwaTokenVerifier).toConstantValue(counting));
    const connection = {};
    expect(await authenticator.authenticate('Bearer good-1', connection)).toMatchObject({ ok: true, principal: { name: 'good-1' } });
    expect(await authenticator.authenticate('Bearer good-1', connection)).toMatchObject({ ok: true, principal: { name: 'good-1' } });
    expect(asked).toEqual(['good-1']);
    expect(await authenticator.authenticate('Bearer good-2', connection)).toMatchObject({ ok: true, principal: { name: 'good-2' } });
    expect(await authenticator.authenticate('Bearer good-1', {})).toMatchObject({ ok: true });
    expect(await authenticator.authenticate('Bearer bad-1', connection)).toMatchObject({ ok: false, failure: 'invalid' });
    expect(asked).toEqual(['good-1', 'good-2', 'good-1', 'bad-1']);
    clock.advance(1000);
    await authenticator.authenticate('Bearer good-2', connection);
    expect(asked).toEqual(['good-1', 'good-2', 'good-1', 'bad-1', 'good-2']);
  });

  it("asks a plugin's verifier too, and counts a verifier that throws as not knowing the token", async () => {
    const plugin: UcwaTokenVerifier = { id: 'idp', verify: async (token) => (token === 'from-the-idp' ? { name: 'alice@example.com', source: 'idp' } : undefined) };
    const broken: UcwaTokenVerifier = {
      id: 'broken',
      verify: () => {
        throw new Error('the identity provider is down');
      },
    };
    const { authenticator, logger } = node({}, (container) => {
      container.bind(UcwaTokenVerifier).toConstantValue(broken);
      container.bind(UcwaTokenVerifier).toConstantValue(plugin);
    });
    expect(await authenticator.authenticate('Bearer from-the-idp')).toEqual({ ok: true, principal: { name: 'alice@example.com', source: 'idp' } });
    expect(logger.find('error', 'a token verifier failed')[0].fields).toMatchObject({ verifier: 'broken' });
  });
});

describe('ClientCredentialsIssuer', () => {
  it('issues random tokens to known clients that verify until their lifetime ends', () => {
    const { issuer, clock } = node({ clients: [client], tokenLifetimeS: 60 });
    const grant = issuer.issue(client.clientId, client.clientSecret);
    const other = issuer.issue(client.clientId, client.clientSecret);
    if (!grant.ok || !other.ok) throw new Error('no token');
    expect(grant.accessToken).not.toBe(other.accessToken);
    expect(grant.expiresInS).toBe(60);
    expect(issuer.verify(grant.accessToken)).toEqual({ name: 'web-app', source: 'client-credentials' });
    clock.advance(60_000);
    expect(issuer.verify(grant.accessToken)).toBeUndefined();
  });

  it('refuses unknown clients and wrong secrets alike', () => {
    const { issuer } = node({ clients: [client] });
    expect(issuer.issue('web-app', 'web-app-secret-012345678')).toEqual({ ok: false, error: 'invalid_client' });
    expect(issuer.issue('someone', client.clientSecret)).toEqual({ ok: false, error: 'invalid_client' });
  });

  it('holds a bounded number of tokens, making room only from expired ones', () => {
    const { issuer, clock } = node({ clients: [client], tokenLifetimeS: 60, limits: { maxIssuedTokens: 2 } });
    expect(issuer.issue(client.clientId, client.clientSecret).ok).toBe(true);
    clock.advance(30_000);
    expect(issuer.issue(client.clientId, client.clientSecret).ok).toBe(true);
    expect(issuer.issue(client.clientId, client.clientSecret)).toEqual({ ok: false, error: 'temporarily_unavailable' });
    clock.advance(30_000);
    expect(issuer.issue(client.clientId, client.clientSecret).ok).toBe(true);
    expect(issuer.size).toBe(2);
  });
});

describe('sameText', () => {
  it('is true only for equal strings, whatever their lengths', () => {
    expect(sameText('Bearer abc', 'Bearer abc')).toBe(true);
    expect(sameText('Bearer abd', 'Bearer abc')).toBe(false);
    expect(sameText('Bearer ab', 'Bearer abc')).toBe(false);
    expect(sameText('Bearer abcabc', 'Bearer abc')).toBe(false);
    expect(sameText('', 'x')).toBe(false);
    expect(sameText('x', '')).toBe(false);
    expect(sameText('', '')).toBe(true);
  });
});
