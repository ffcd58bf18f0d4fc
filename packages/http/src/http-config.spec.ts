import { hostname } from 'node:os';
import { parseConfig } from '@herald/core';
import { httpConfigSchema, httpSettingsFromConfig } from './http-config';

function settings(raw: unknown) {
  const parsed = parseConfig(httpConfigSchema, raw, ['http']);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return httpSettingsFromConfig(parsed.value, '/etc/herald');
}

function issues(raw: unknown): string[] {
  const parsed = parseConfig(httpConfigSchema, raw, ['http']);
  return parsed.ok ? [] : parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the http section', () => {
  it('listens on 127.0.0.1:8080 by default, with bounded requests, and derives the public URL from it', () => {
    const s = settings(undefined);
    expect(s.enabled).toBe(true);
    expect(s.server.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(s.server.https).toBeUndefined();
    expect(s.server.limits).toEqual({ bodyLimitBytes: 1048576, requestTimeoutMs: 10000, headersTimeoutMs: 10000, keepAliveTimeoutMs: 5000, maxConnections: 4096 });
    expect(s.publicBaseUrl).toBe('http://127.0.0.1:8080');
  });

  it('takes the public base URL as configured, without a trailing slash', () => {
    expect(settings({ public_base_url: 'https://herald-1.example.com:8443/presence/' }).publicBaseUrl).toBe('https://herald-1.example.com:8443/presence');
  });

  it("uses the machine's name in the derived URL when listening on every address", () => {
    expect(settings({ listen: { host: '0.0.0.0', port: 80 } }).publicBaseUrl).toBe(`http://${hostname()}:80`);
    expect(settings({ listen: { host: '::1', port: 8080 } }).publicBaseUrl).toBe('http://[::1]:8080');
  });

  it('resolves the certificate and key files against the configuration folder', () => {
    const s = settings({ https: { cert_file: 'tls/herald.crt', key_file: '/secrets/herald.key' } });
    expect(s.server.https).toEqual({ listen: { host: '127.0.0.1', port: 8443 }, certFile: '/etc/herald/tls/herald.crt', keyFile: '/secrets/herald.key' });
  });

  it('reports bad values with their path and what would be right', () => {
    expect(issues({ public_base_url: 'herald.example.com' })).toEqual([
      'http.public_base_url: must be an absolute http:// or https:// URL without query, fragment or credentials, e.g. https://herald-1.example.com:8443',
    ]);
    expect(issues({ limits: { headers_timeout_ms: 20000, request_timeout_ms: 10000 } })).toEqual([
      'http.limits.headers_timeout_ms: must not be longer than request_timeout_ms: the headers are part of the request',
    ]);
    expect(issues({ listen: { port: 70000 } })).toEqual(['http.listen.port: must be a whole number between 0 and 65535']);
    expect(issues({ https: { cert_file: 'a.crt' } })).toEqual(['http.https.key_file: is required (string)']);
    expect(issues({ lisen: {} })).toEqual(["http.lisen: unknown field; did you mean 'listen'?"]);
  });
});
