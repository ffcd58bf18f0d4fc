import { type FastifyInstance, type FastifyReply } from 'fastify';
import { toUcwaError } from './ucwa-error-mapping';
import { type UcwaRouteContext } from './route-context';
import { type UcwaRouteConfig } from './ucwa-http';
import { tokenBody } from './ucwa-schemas';

/** An OAuth 2.0 error answer (RFC 6749 §5.2). */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'temporarily_unavailable',
    description: string,
  ) {
    super(description);
  }
}

const publicRoute: UcwaRouteConfig = { ucwaPublic: true };

/**
 * `POST /ucwa/oauth/v1/token`: OAuth 2.0 client credentials (RFC 6749 §4.4). The client
 * authenticates with HTTP Basic or with `client_id` and `client_secret` in the form body, and
 * gets `{access_token, token_type: "Bearer", expires_in}`. Errors use OAuth's shape, not UCWA's,
 * because OAuth client libraries read them.
 */
export function registerTokenRoute(scope: FastifyInstance, context: UcwaRouteContext): void {
  const logger = context.logger.child({ component: 'ucwa.token' });
  scope.register(async (tokenScope) => {
    tokenScope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      // eslint-disable-next-line no-restricted-syntax -- Fastify's parser callback takes null for "no error"
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    tokenScope.setErrorHandler((error, _request, reply) => {
      if (error instanceof OAuthError) return sendOAuthError(reply, error);
      const mapped = toUcwaError(error, context.options.limits.bodyLimitBytes);
      if (mapped.unexpected) logger.error({ err: error }, 'the token endpoint failed');
      const status = mapped.error.status;
      return sendOAuthError(reply, new OAuthError(status, status >= 500 ? 'temporarily_unavailable' : 'invalid_request', mapped.error.message));
    });

    tokenScope.post('/token', { schema: { body: tokenBody }, config: publicRoute }, async (request, reply) => {
      const body = request.body as { grant_type: string; client_id?: string; client_secret?: string };
      if (body.grant_type !== 'client_credentials') {
        throw new OAuthError(400, 'unsupported_grant_type', `grant_type must be client_credentials, not '${body.grant_type.slice(0, 40)}'`);
      }
      const basic = basicCredentials(request.headers.authorization);
      if (basic !== undefined && (body.client_id !== undefined || body.client_secret !== undefined)) {
        throw new OAuthError(400, 'invalid_request', 'send the client credentials either in the Authorization header or in the body, not both');
      }
      const clientId = basic?.id ?? body.client_id;
      const clientSecret = basic?.secret ?? body.client_secret;
      if (clientId === undefined || clientSecret === undefined) {
        throw new OAuthError(400, 'invalid_request', 'client_id and client_secret are required (in the body, or as HTTP Basic credentials)');
      }
      const grant = context.issuer.issue(clientId, clientSecret);
      if (!grant.ok && grant.error === 'invalid_client') {
        logger.warn({ clientId: clientId.slice(0, 100) }, 'refused a token request: unknown client or wrong secret');
        throw new OAuthError(401, 'invalid_client', 'unknown client, or wrong secret');
      }
      if (!grant.ok) {
        logger.warn('refused a token request: the node holds its maximum of issued tokens');
        reply.header('retry-after', '60');
        throw new OAuthError(503, 'temporarily_unavailable', 'too many tokens are in use; try again later');
      }
      logger.info({ clientId, expiresInS: grant.expiresInS }, 'issued a UCWA access token');
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .type('application/json; charset=utf-8')
        .send({ access_token: grant.accessToken, token_type: 'Bearer', expires_in: grant.expiresInS });
    });
  });

  function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
    if (error.error === 'invalid_client') reply.header('www-authenticate', `Basic realm="${context.options.realm}"`);
    return reply
      .code(error.status)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .type('application/json; charset=utf-8')
      .send({ error: error.error, error_description: error.message });
  }
}

/** RFC 6749 §2.3.1: Basic credentials, each part form-urlencoded before encoding. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = header === undefined ? undefined : /^Basic +([A-Za-z0-9+/]{1,2048}={0,2}) *$/i.exec(header)?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const form = (text: string) => decodeURIComponent(text.replaceAll('+', ' '));
    return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
