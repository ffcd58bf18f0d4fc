import { type FastifyInstance, type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify';
import { AvatarSource, type HttpRouteContribution, inject, injectable, Logger, optional, ResolutionCache } from '@herald/core';
import { UcwaApplications } from '../applications/ucwa-applications';
import { ClientCredentialsIssuer } from '../auth/client-credentials-issuer';
import { type AuthenticationResult, UcwaAuthenticator } from '../auth/ucwa-authenticator';
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
    @inject(ResolutionCache) contacts: ResolutionCache,
    @inject(AvatarSource) @optional() avatars: AvatarSource | undefined,
    @inject(UcwaAuthenticator) authenticator: UcwaAuthenticator,
    @inject(ClientCredentialsIssuer) issuer: ClientCredentialsIssuer,
    @inject(UcwaOptions) options: UcwaOptions,
    @inject(Logger) logger: Logger,
  ) {
    this.context = { applications, contacts, avatars, authenticator, issuer, options, logger: logger.child({ component: 'ucwa' }) };
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

    scope.setErrorHandler((error, request, reply) => {
      const mapped = toUcwaError(error, bodyLimit);
      if (mapped.unexpected) logger.error({ err: error, method: request.method, route: request.routeOptions.url }, 'a UCWA request failed');
      return sendError(request, reply, mapped.error);
    });
    scope.setNotFoundHandler((request, reply) =>
      sendError(request, reply, new UcwaError('NotFound', 'ResourceNotFound', `There is no resource at ${request.method} ${request.url.split('?')[0]}.`)),
    );

    // The token is checked before the body is read, so that anonymous clients cannot make the
    // node parse anything. Callback hooks, attached only to the routes that need them, and
    // answered synchronously when the verifiers are: these run on every request, and a promise
    // (or a route-options lookup) per request costs throughput.
    const authenticate = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const result = authenticator.authenticate(request.headers.authorization, request.raw.socket);
      if (!(result instanceof Promise)) return done(this.authenticated(request, result));
      result.then(
        (outcome) => done(this.authenticated(request, outcome)),
        (error: unknown) => done(error as Error),
      );
    };
    // UCWA's PascalCase field names, on the routes that take a body.
    const camelCase = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      camelCaseFields(request.body);
      done();
    };
    scope.addHook('onRoute', (route) => {
      route.bodyLimit ??= bodyLimit;
      if (!isPublicRoute(route.config)) route.onRequest = [...hooks(route.onRequest), authenticate];
      if (route.method === 'POST') route.preValidation = [...hooks(route.preValidation), camelCase];
    });
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

  /** Leaves the principal on the request, or gives the 401 with its challenge. */
  private authenticated(request: FastifyRequest, result: AuthenticationResult): UcwaError | undefined {
    if (result.ok) {
      setPrincipal(request, result.principal);
      return undefined;
    }
    const { realm } = this.context.options;
    const challenge =
      result.failure === 'missing'
        ? `Bearer realm="${realm}"`
        : `Bearer realm="${realm}", error="invalid_token", error_description="${result.message.replaceAll('"', "'")}"`;
    return new UcwaError('Unauthorized', result.failure === 'missing' ? 'MissingToken' : 'InvalidToken', result.message, { 'www-authenticate': challenge });
  }
}

/** A route's hooks of one kind, as a list. */
function hooks<T>(value: T | readonly T[] | undefined): T[] {
  return value === undefined ? [] : ([] as T[]).concat(value as T | T[]);
}
