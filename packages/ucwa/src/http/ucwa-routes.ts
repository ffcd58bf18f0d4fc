import { type FastifyInstance } from 'fastify';
import { AvatarSource, type HttpRouteContribution, inject, injectable, Logger, optional, PresenceService } from '@herald/core';
import { UcwaApplications } from '../applications/ucwa-applications';
import { ClientCredentialsIssuer } from '../auth/client-credentials-issuer';
import { UcwaAuthenticator } from '../auth/ucwa-authenticator';
import { UcwaError } from '../resources/ucwa-error';
import { ucwaBasePath, UcwaOptions } from '../ucwa-options';
import { registerApplicationRoutes } from './application-routes';
import { registerEventRoute } from './event-route';
import { type UcwaRouteContext } from './route-context';
import { registerSubscriptionRoutes } from './subscription-routes';
import { registerTokenRoute } from './token-route';
import { toUcwaError } from './ucwa-error-mapping';
import { isPublicRoute, principalProperty, sendError, setPrincipal, ucwaJsonType } from './ucwa-http';
import { camelCaseFields } from './ucwa-schemas';

/**
 * The UCWA-style API on the node's HTTP server, under `/ucwa/oauth/v1`. Its routes live in
 * their own Fastify scope, so that its bearer-token check, its content types, its body limit
 * and its UCWA-style error bodies apply to it alone, not to the avatars or `/metrics`.
 */
@injectable()
export class UcwaRoutes implements HttpRouteContribution {
  readonly id = 'ucwa.routes';
  private readonly context: UcwaRouteContext;

  constructor(
    @inject(UcwaApplications) applications: UcwaApplications,
    @inject(PresenceService) presence: PresenceService,
    @inject(AvatarSource) @optional() avatars: AvatarSource | undefined,
    @inject(UcwaAuthenticator) authenticator: UcwaAuthenticator,
    @inject(ClientCredentialsIssuer) issuer: ClientCredentialsIssuer,
    @inject(UcwaOptions) options: UcwaOptions,
    @inject(Logger) logger: Logger,
  ) {
    this.context = { applications, presence, avatars, authenticator, issuer, options, logger: logger.child({ component: 'ucwa' }) };
  }

  registerRoutes(server: FastifyInstance): void {
    void server.register(async (scope) => this.registerScope(scope), { prefix: ucwaBasePath });
  }

  private registerScope(scope: FastifyInstance): void {
    const { options, logger, applications, authenticator } = this.context;
    const bodyLimit = options.limits.bodyLimitBytes;
    scope.decorateRequest(principalProperty, undefined);
    // JSON only (and UCWA's own JSON type): anything else is a 415, not a string the schema then rejects.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(ucwaJsonType, { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.addHook('onRoute', (route) => {
      route.bodyLimit ??= bodyLimit;
    });

    scope.setErrorHandler((error, request, reply) => {
      const mapped = toUcwaError(error, bodyLimit);
      if (mapped.unexpected) logger.error({ err: error, method: request.method, route: request.routeOptions.url }, 'a UCWA request failed');
      return sendError(request, reply, mapped.error);
    });
    scope.setNotFoundHandler((request, reply) =>
      sendError(request, reply, new UcwaError('NotFound', 'ResourceNotFound', `There is no resource at ${request.method} ${request.url.split('?')[0]}.`)),
    );

    // The token is checked before the body is read, so that anonymous clients cannot make the node parse anything.
    scope.addHook('onRequest', async (request) => {
      if (isPublicRoute(request)) return;
      const result = await authenticator.authenticate(request.headers.authorization);
      if (result.ok) return setPrincipal(request, result.principal);
      const challenge =
        result.failure === 'missing'
          ? `Bearer realm="${options.realm}"`
          : `Bearer realm="${options.realm}", error="invalid_token", error_description="${result.message.replaceAll('"', "'")}"`;
      throw new UcwaError('Unauthorized', result.failure === 'missing' ? 'MissingToken' : 'InvalidToken', result.message, { 'www-authenticate': challenge });
    });
    scope.addHook('preValidation', async (request) => camelCaseFields(request.body));
    // Held requests would keep the server from closing until they time out: answer them first.
    scope.addHook('preClose', (done) => {
      applications.releaseChannels();
      done();
    });

    registerTokenRoute(scope, this.context);
    registerApplicationRoutes(scope, this.context);
    registerSubscriptionRoutes(scope, this.context);
    registerEventRoute(scope, this.context);
  }
}
