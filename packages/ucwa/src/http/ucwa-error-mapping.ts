import { UcwaError, type UcwaErrorCode } from '../resources/ucwa-error';

/** The parts of an Ajv error that Fastify hands on with a validation failure. */
interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** The parts of a Fastify error this mapping reads. */
export interface FastifyLikeError {
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly validation?: readonly ValidationIssue[];
  readonly validationContext?: string;
}

const codeForStatus: Readonly<Record<number, UcwaErrorCode>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'EntityTooLarge',
  415: 'UnsupportedMediaType',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

/**
 * Turns whatever a UCWA route failed with into a UCWA-style error: validation failures name
 * the field (`body.duration must be at most 30`); Fastify's body errors become 400, 413 and 415
 * with the same body shape; anything unexpected is a 500 that says nothing of the internals.
 * `unexpected` is true for the latter, which the caller logs.
 */
export function toUcwaError(thrown: unknown, bodyLimitBytes: number): { readonly error: UcwaError; readonly unexpected: boolean } {
  if (thrown instanceof UcwaError) return { error: thrown, unexpected: false };
  const error: FastifyLikeError = typeof thrown === 'object' && thrown !== null && 'message' in thrown ? (thrown as FastifyLikeError) : { message: String(thrown) };
  if (error.validation !== undefined && error.validation.length > 0) {
    const message = describeValidation(error.validationContext ?? 'request', error.validation[0]);
    return { error: new UcwaError('BadRequest', 'ParameterValidationFailure', message), unexpected: false };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: new UcwaError('EntityTooLarge', 'EntityTooLarge', `The request body is larger than ${bodyLimitBytes} bytes, the most this API accepts.`), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: new UcwaError('UnsupportedMediaType', 'UnsupportedMediaType', `${error.message}. Send the body as application/json (the token endpoint takes application/x-www-form-urlencoded).`),
        unexpected: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: new UcwaError('BadRequest', 'DeserializationFailure', 'The body is empty although Content-Type says JSON: send a JSON object.'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: new UcwaError('BadRequest', 'DeserializationFailure', `The body is not valid JSON: ${error.message}.`), unexpected: false };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (a bad Content-Length, a JSON body with __proto__, …) say what was wrong.
    return { error: new UcwaError(codeForStatus[status] ?? 'BadRequest', undefined, error.message), unexpected: false };
  }
  return { error: new UcwaError('ServiceFailure', undefined, 'The request failed inside the server; it has been logged.'), unexpected: true };
}

/**
 * `body.uris[2] must be at most 250 characters long`: where the problem is, in the request's
 * own terms, and what would be right.
 */
export function describeValidation(context: string, issue: ValidationIssue): string {
  const field = context + issue.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `${field}.${String(p.missingProperty)} is required`;
    case 'type':
      return `${field} must be ${article(String(p.type))}`;
    case 'minimum':
      return `${field} must be at least ${String(p.limit)}`;
    case 'maximum':
      return `${field} must be at most ${String(p.limit)}`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'maxLength':
      return `${field} must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `${field} must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `${field} must list at most ${String(p.limit)} items`;
    case 'enum':
      return `${field} must be one of ${(p.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}`;
    case 'pattern':
      return `${field} is not of the expected form`;
    default:
      return `${field} ${issue.message ?? 'is not valid'}`;
  }
}

function article(type: string): string {
  const words: Record<string, string> = { integer: 'a whole number', number: 'a number', string: 'text', object: 'a JSON object', array: 'a list', boolean: 'true or false' };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}
