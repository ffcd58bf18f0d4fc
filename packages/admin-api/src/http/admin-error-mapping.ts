import { type DirectoryContent, type DirectoryWriteError, formatConfigPath } from '@herald/core';
import { type AdminApiLimits } from '../admin-api-options';
import { ApiError, type FieldErrors } from '../resources/api-error';
import { type ResourceName } from '../resources/related';

/** The parts of a Fastify (or multipart) error this mapping reads. */
interface FastifyLikeError {
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
}

/**
 * Turns whatever a request failed with into the API's answer: `ApiError`s as they are;
 * Fastify's body errors as 400, 413 and 415; anything else a 500 that tells nothing of the
 * internals (`unexpected`, which the caller logs).
 */
export function toApiError(thrown: unknown, limits: AdminApiLimits): { readonly error: ApiError; readonly unexpected: boolean } {
  if (thrown instanceof ApiError) return { error: thrown, unexpected: false };
  const error: FastifyLikeError = typeof thrown === 'object' && thrown !== null && 'message' in thrown ? (thrown as FastifyLikeError) : { message: String(thrown) };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: ApiError.message(413, `The request body is larger than ${limits.bodyLimitBytes} bytes, the most this API accepts.`), unexpected: false };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { error: ApiError.fields('ivr_theme', { package: [`The theme package is larger than ${limits.themePackageMaxBytes} bytes, the most this API accepts.`] }), unexpected: false };
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return { error: ApiError.message(413, `The form has too many parts: send the theme's fields and one file, "package".`), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: ApiError.message(415, `${error.message}. Send JSON (application/json), or a theme as multipart/form-data.`), unexpected: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: ApiError.message(400, 'The body is empty although Content-Type says JSON: send a JSON object.'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: ApiError.message(400, `The body is not valid JSON: ${error.message}.`), unexpected: false };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { error: ApiError.message(status, error.message), unexpected: false };
  return { error: ApiError.message(500, 'The request failed inside the server; it has been logged.'), unexpected: true };
}

/** How the directory's field names read in the API's resources. */
const fieldNames: Readonly<Record<string, string>> = { kind: 'service_type', enable: 'enable', path: 'package', themes: 'ivr_theme' };

/**
 * A write the store refused: conflict 409, invalid 400 with each problem under the resource's
 * field (and every issue with its directory path), unavailable 503, read-only 405.
 */
export function writeErrorToApi(error: DirectoryWriteError, resource: ResourceName, content: DirectoryContent): ApiError {
  switch (error.reason) {
    case 'conflict':
      return ApiError.message(409, `The configuration changed while this request was applied (${error.message}); read it again and retry.`, {
        ...(error.currentVersion === undefined ? {} : { current_version: error.currentVersion }),
      });
    case 'unavailable':
      return ApiError.message(503, `The directory store cannot accept changes now: ${error.message}`, {}, { 'retry-after': '5' });
    case 'read-only':
      return ApiError.message(405, `This node's directory store does not accept writes: ${error.message}`);
    case 'invalid': {
      const fields: FieldErrors = {};
      for (const issue of error.issues) {
        const field = resource === 'conference_alias' && issue.path[2] === 'aliases' ? 'alias' : fieldFor(issue.path);
        const where = describeObject(issue.path, content);
        (fields[field] ??= []).push(where === undefined ? issue.message : `${where}: ${issue.message}`);
      }
      return new ApiError(400, { [resource]: fields, issues: error.issues.map((i) => ({ path: formatConfigPath(i.path), message: i.message })) });
    }
  }
}

function fieldFor(path: readonly (string | number)[]): string {
  if (path[0] === 'default_theme') return 'default_theme';
  const field = typeof path[2] === 'string' ? path[2] : typeof path[0] === 'string' ? path[0] : '__all__';
  return fieldNames[field] ?? field;
}

/** `rule 'Rooms'`: which object an issue is about, since one write carries the whole directory. */
function describeObject(path: readonly (string | number)[], content: DirectoryContent): string | undefined {
  const index = path[1];
  if (typeof index !== 'number') return undefined;
  if (path[0] === 'services') return content.services[index] === undefined ? undefined : `conference '${content.services[index].name}'`;
  if (path[0] === 'gateway_routing_rules') return content.rules[index] === undefined ? undefined : `gateway_routing_rule '${content.rules[index].name}'`;
  if (path[0] === 'themes') return content.themes[index] === undefined ? undefined : `ivr_theme '${content.themes[index].name}'`;
  return undefined;
}
