import multipart from '@fastify/multipart';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Directory, DirectoryWriteError, DirectoryWriter, type HttpRouteContribution, inject, injectable, Logger, optional } from '@herald/core';
import { AdminApiOptions, configurationBasePath } from '../admin-api-options';
import { AdminRuleTester } from '../admin-rule-tester';
import { type AdminPrincipal, AdminAuthenticator } from '../auth/admin-authenticator';
import { ApiError } from '../resources/api-error';
import { conferenceAliasResource, conferenceResource } from '../resources/conference-resource';
import { withIds } from '../resources/identified-content';
import { resourceUri } from '../resources/related';
import { type JsonObject, type ResourceKind, type Upload, type WriteOutcome } from '../resources/resource-kind';
import { gatewayRoutingRuleResource } from '../resources/rule-resource';
import { globalResource, ivrThemeResource } from '../resources/theme-resource';
import { toApiError, writeErrorToApi } from './admin-error-mapping';
import { listPage } from './list-query';
import { registerRulesTestRoute } from './rules-test-route';

const resources: readonly ResourceKind[] = [conferenceResource, conferenceAliasResource, gatewayRoutingRuleResource, ivrThemeResource, globalResource];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const principalKey = 'heraldAdminPrincipal';

/**
 * The management API on the node's HTTP server: the platform's configuration resources under
 * `/api/admin/configuration/v1/` and the rule tester at `/api/admin/rules/test`, in their own
 * Fastify scope (authentication, body limits, multipart and error bodies apply here only).
 * It reads the `Directory` and writes through the `DirectoryWriter`, so any store that binds
 * both serves it unchanged. Writes on this node are applied one at a time, each against the
 * version it read; a write from elsewhere in between is a 409.
 */
@injectable()
export class AdminRoutes implements HttpRouteContribution {
  readonly id = 'admin-api.routes';
  private readonly authenticator: AdminAuthenticator;
  private readonly logger: Logger;
  /** Read-modify-write sections of this node, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(DirectoryWriter) @optional() private readonly writer: DirectoryWriter | undefined,
    @inject(AdminRuleTester) @optional() private readonly tester: AdminRuleTester | undefined,
    @inject(AdminApiOptions) private readonly options: AdminApiOptions,
    @inject(Logger) logger: Logger,
  ) {
    this.authenticator = new AdminAuthenticator(options);
    this.logger = logger.child({ component: 'admin-api' });
  }

  registerRoutes(server: FastifyInstance): void {
    void server.register(async (scope) => this.registerScope(scope), { prefix: '/api/admin' });
  }

  private async registerScope(scope: FastifyInstance): Promise<void> {
    const { limits } = this.options;
    await scope.register(multipart, {
      limits: { fileSize: limits.themePackageMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25, headerPairs: 100 },
    });
    scope.decorateRequest(principalKey, undefined);
    scope.setErrorHandler((error, request, reply) => {
      const mapped = toApiError(error, limits);
      if (mapped.unexpected) this.logger.error({ err: error, method: request.method, url: request.url }, 'a management API request failed');
      return this.send(reply, mapped.error);
    });
    scope.setNotFoundHandler((request, reply) => this.send(reply, ApiError.message(404, `There is no resource at ${request.method} ${request.url.split('?')[0]}.`)));
    scope.addHook('onRoute', (route) => {
      route.bodyLimit ??= limits.bodyLimitBytes;
    });
    // Credentials are checked before any body is read; 401 without valid ones, 403 for a
    // read-only account asking to write.
    scope.addHook('onRequest', async (request) => {
      const result = this.authenticator.authenticate(request.headers.authorization);
      if (!result.ok) {
        const challenge = `Basic realm="${this.options.realm}", Bearer realm="${this.options.realm}"${result.failure === 'invalid' ? ', error="invalid_token"' : ''}`;
        throw ApiError.message(401, result.message, {}, { 'www-authenticate': challenge });
      }
      const readOnly = request.method === 'GET' || request.method === 'HEAD' || request.url.startsWith('/api/admin/rules/');
      if (!readOnly && result.principal.role !== 'read-write') throw ApiError.message(403, `'${result.principal.name}' may only read; changes need a read-write account.`);
      (request as unknown as Record<string, unknown>)[principalKey] = result.principal;
    });

    for (const resource of resources) this.registerResource(scope, resource);
    registerRulesTestRoute(scope, { directory: this.directory, tester: this.tester, maxAliases: limits.maxPageSize });
  }

  private registerResource(scope: FastifyInstance, resource: ResourceKind): void {
    const listPath = `${configurationBasePath.replace('/api/admin', '')}/${resource.name}/`;
    const onePath = `${listPath}:id/`;
    const listMethods: Method[] = resource.create ? ['GET', 'POST'] : ['GET'];
    const oneMethods: Method[] = ['GET', ...(resource.update ? (resource === globalResource ? ['PATCH' as const] : ['PUT' as const, 'PATCH' as const]) : []), ...(resource.remove ? ['DELETE' as const] : [])];
    const methodNotAllowed = (allowed: Method[]) => async (request: FastifyRequest) => {
      throw ApiError.message(405, `${request.method} is not allowed here; allowed: ${allowed.join(', ')}.`, {}, { allow: allowed.join(', ') });
    };

    scope.get(listPath, async (request) => {
      const content = withIds(this.directory.current());
      return listPage(resource, resource.list(content), request.query as Record<string, unknown>, this.options.limits.maxPageSize);
    });
    scope.get(onePath, async (request) => {
      const id = idParam(request, resource);
      const found = resource.one(withIds(this.directory.current()), id);
      if (found === undefined) throw ApiError.notFound(resource.name, String(id));
      return found;
    });
    if (resource.create) {
      const create = resource.create.bind(resource);
      scope.post(listPath, async (request, reply) => {
        const { body, upload } = await readBody(request);
        const outcome = await this.change(request, resource, (content) => create(content, body, upload));
        return reply.code(201).header('location', resourceUri(resource.name, outcome.id)).send();
      });
    } else scope.post(listPath, methodNotAllowed(listMethods));
    for (const method of ['PUT', 'PATCH'] as const) {
      if (!oneMethods.includes(method) || !resource.update) {
        scope.route({ method, url: onePath, handler: methodNotAllowed(oneMethods) });
        continue;
      }
      const update = resource.update.bind(resource);
      scope.route({
        method,
        url: onePath,
        handler: async (request, reply) => {
          const id = idParam(request, resource);
          const { body, upload } = await readBody(request);
          await this.change(request, resource, (content) => update(content, id, body, method === 'PATCH', upload));
          // As the platform: 202 for PATCH, 204 for PUT, with no body.
          return reply.code(method === 'PATCH' ? 202 : 204).send();
        },
      });
    }
    if (resource.remove) {
      const remove = resource.remove.bind(resource);
      scope.delete(onePath, async (request, reply) => {
        const id = idParam(request, resource);
        await this.change(request, resource, (content) => remove(content, id));
        return reply.code(204).send();
      });
    } else scope.delete(onePath, methodNotAllowed(oneMethods));
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) scope.route({ method, url: listPath, handler: methodNotAllowed(listMethods) });
    if (resource === globalResource) scope.post(onePath, methodNotAllowed(oneMethods));
  }

  /** Applies one change against the directory as it is now, and persists it through the writer. */
  private change(request: FastifyRequest, resource: ResourceKind, apply: (content: ReturnType<typeof withIds>) => WriteOutcome): Promise<WriteOutcome> {
    const run = async () => {
      const writer = this.writer;
      if (writer === undefined) throw ApiError.message(405, 'This node\'s directory store does not accept writes.');
      const snapshot = this.directory.current();
      const outcome = apply(withIds(snapshot));
      const principal = (request as unknown as Record<string, AdminPrincipal | undefined>)[principalKey];
      const actor = `admin-api:${principal?.name ?? 'unknown'}`;
      try {
        await writer.write({
          content: outcome.content,
          expectedVersion: snapshot.version,
          actor,
          ...(outcome.themePackages === undefined ? {} : { themePackages: outcome.themePackages }),
        });
      } catch (error) {
        if (error instanceof DirectoryWriteError) throw writeErrorToApi(error, resource.name, outcome.content);
        throw error;
      }
      this.logger.info({ actor, method: request.method, url: request.url.split('?')[0] }, 'directory changed through the management API');
      return outcome;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(reply: FastifyReply, error: ApiError): FastifyReply {
    return reply.code(error.status).headers(error.headers).header('cache-control', 'no-store').send(error.body);
  }
}

function idParam(request: FastifyRequest, resource: ResourceKind): number {
  const raw = (request.params as { id: string }).id;
  if (!/^\d{1,9}$/.test(raw)) throw ApiError.notFound(resource.name, raw.slice(0, 40));
  return Number(raw);
}

/** A JSON object body, or a multipart form with its fields and at most one `package` file. */
async function readBody(request: FastifyRequest): Promise<{ body: JsonObject; upload?: Upload }> {
  if (request.isMultipart()) {
    const fields: JsonObject = {};
    let bytes: Uint8Array | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'package') throw ApiError.fields('ivr_theme', { [part.fieldname]: ['Only the theme package may be uploaded, as the field "package".'] });
        bytes = await part.toBuffer();
      } else fields[part.fieldname] = part.value;
    }
    return { body: {}, upload: { fields, ...(bytes === undefined ? {} : { package: bytes }) } };
  }
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw ApiError.message(400, 'The body must be a JSON object.');
  return { body: body as JsonObject };
}
