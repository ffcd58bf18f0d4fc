import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type AvatarRef, Emitter } from '@herald/core';
import { AvatarRoute } from './avatar-route';
import { avatarHash, type PreparedAvatar } from './avatar-image';
import { type ThemeStore } from './theme-store';
import { aJpeg } from './test-support/theme-fixtures';

/** The avatar route on a bare Fastify server, over real HTTP on loopback. */
let server: FastifyInstance;
let base: string;
let avatar: PreparedAvatar;

beforeAll(async () => {
  const bytes = await aJpeg('#2f5d50', 96);
  avatar = { bytes, hash: avatarHash(bytes), width: 96, height: 96, warnings: [] };
  const store: ThemeStore = {
    avatarByHash: (hash) => (hash === avatar.hash ? avatar : undefined),
    avatarImage: () => undefined,
    avatarFor: (): AvatarRef | undefined => undefined,
    onDidChange: new Emitter<never>().event,
    findings: () => [],
  };
  server = Fastify();
  new AvatarRoute(store).registerRoutes(server);
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function fetchRaw(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET/HEAD /avatars/<hash>.jpg over HTTP', () => {
  it('serves the JPEG anonymously, with its ETag and a long-lived immutable Cache-Control', async () => {
    const res = await fetchRaw('GET', `/avatars/${avatar.hash}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['etag']).toBe(`"${avatar.hash}"`);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-length']).toBe(String(avatar.bytes.length));
    expect(res.body.equals(avatar.bytes)).toBe(true);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const res = await fetchRaw('HEAD', `/avatars/${avatar.hash}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['etag']).toBe(`"${avatar.hash}"`);
    expect(res.headers['content-length']).toBe(String(avatar.bytes.length));
    expect(res.body.length).toBe(0);
  });

  it.each([`"%s"`, `W/"%s"`, `"0123", "%s"`, '*'])('answers 304 Not Modified to If-None-Match: %s', async (pattern) => {
    const res = await fetchRaw('GET', `/avatars/${avatar.hash}.jpg`, { 'if-none-match': pattern.replace('%s', avatar.hash) });
    expect(res.status).toBe(304);
    expect(res.headers['etag']).toBe(`"${avatar.hash}"`);
    expect(res.body.length).toBe(0);
  });

  it('serves the image again when the ETag does not match', async () => {
    const res = await fetchRaw('GET', `/avatars/${avatar.hash}.jpg`, { 'if-none-match': '"0123456789abcdef0123456789abcdef"' });
    expect(res.status).toBe(200);
    expect(res.body.equals(avatar.bytes)).toBe(true);
  });

  it.each(['0123456789abcdef0123456789abcdef.jpg', '<hash>.png', '<HASH>.jpg', 'not-a-hash.jpg', '..%2F..%2Fetc%2Fpasswd'])('answers 404 for an unknown avatar: %s', async (file) => {
    const res = await fetchRaw('GET', `/avatars/${file.replace('<hash>', avatar.hash).replace('<HASH>', avatar.hash.toUpperCase())}`);
    expect(res.status).toBe(404);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});
