import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type UcwaPrincipal } from '../auth/ucwa-token-verifier';
import { UcwaError } from '../resources/ucwa-error';

/** UCWA's own JSON media type; clients written for Lync send and accept it. */
export const ucwaJsonType = 'application/vnd.microsoft.com.ucwa+json';

/** Route `config` flag: answered without a bearer token (the token endpoint, photos). */
export interface UcwaRouteConfig {
  readonly ucwaPublic?: boolean;
}

/** Where the authentication hook leaves the principal; declared with `decorateRequest`. */
export const principalProperty = 'ucwaPrincipal';

/** Whether a route's `config` marks it as answered without a token. */
export function isPublicRoute(config: unknown): boolean {
  return (config as UcwaRouteConfig | undefined)?.ucwaPublic === true;
}

/** The principal the authentication hook found; every non-public route has one. */
export function principalOf(request: FastifyRequest): UcwaPrincipal {
  const principal = (request as unknown as Record<string, UcwaPrincipal | undefined>)[principalProperty];
  if (principal === undefined) throw new UcwaError('Unauthorized', 'MissingToken', 'This API needs an access token: send Authorization: Bearer <token>.');
  return principal;
}

export function setPrincipal(request: FastifyRequest, principal: UcwaPrincipal): void {
  (request as unknown as Record<string, UcwaPrincipal | undefined>)[principalProperty] = principal;
}

/** The JSON media type to answer with: UCWA's own when the client asks for it. */
export function jsonTypeFor(request: FastifyRequest): string {
  const accept = request.headers.accept;
  return accept !== undefined && accept.includes(ucwaJsonType) ? ucwaJsonType : 'application/json; charset=utf-8';
}

/**
 * Sends a resource. No cache headers: without a validator or `Last-Modified`, nothing may cache
 * a JSON answer heuristically, and every byte counts on the hottest path.
 */
export function sendResource(request: FastifyRequest, reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(jsonTypeFor(request)).send(body);
}

/** Sends a UCWA-style error answer. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: UcwaError): FastifyReply {
  reply.code(error.status).header('cache-control', 'no-store');
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.type(jsonTypeFor(request)).send(error.body);
}
