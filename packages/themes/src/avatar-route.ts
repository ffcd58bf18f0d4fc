import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type HttpRouteContribution, inject, injectable } from '@herald/core';
import { ThemeStore } from './theme-store';
import { avatarRoutePrefix } from './themes-options';

/** A year: the URL names the content, so a cached copy never goes stale. */
const immutable = 'public, max-age=31536000, immutable';

/**
 * `GET` and `HEAD <prefix><hash>.jpg`: the avatar whose content hash is `hash`, without
 * authentication, because Lync fetches contact photos anonymously. The URL changes whenever
 * the bytes do, so responses are cacheable forever and `If-None-Match` answers 304.
 */
@injectable()
export class AvatarRoute implements HttpRouteContribution {
  readonly id = 'themes.avatar-route';

  constructor(@inject(ThemeStore) private readonly store: ThemeStore) {}

  registerRoutes(server: FastifyInstance): void {
    server.get<{ Params: { file: string } }>(`${avatarRoutePrefix}:file`, (request, reply) => this.serve(request, reply));
  }

  private serve(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply): FastifyReply {
    const hash = /^([0-9a-f]{32})\.jpg$/.exec(request.params.file)?.[1];
    const avatar = hash === undefined ? undefined : this.store.avatarByHash(hash);
    if (avatar === undefined) {
      return reply.code(404).header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send('No such avatar on this node.\n');
    }
    const etag = `"${avatar.hash}"`;
    reply.header('etag', etag).header('cache-control', immutable).type('image/jpeg');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(avatar.bytes);
  }
}

/** RFC 9110 §13.1.2: `*`, or any listed entity tag equal under weak comparison. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
