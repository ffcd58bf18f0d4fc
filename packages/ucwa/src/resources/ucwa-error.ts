/** UCWA's error categories (its `code`), with the HTTP status each is sent with. */
export const ucwaErrorStatus = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  Gone: 410,
  EntityTooLarge: 413,
  UnsupportedMediaType: 415,
  ServiceFailure: 500,
  NotImplemented: 501,
  ServiceUnavailable: 503,
} as const;

export type UcwaErrorCode = keyof typeof ucwaErrorStatus;

/** The body of every UCWA-style error answer. */
export interface UcwaErrorBody {
  readonly code: UcwaErrorCode;
  /** The specific reason, e.g. `ApplicationNotFound`, `PGetReplaced`, `ParameterValidationFailure`. */
  readonly subcode?: string;
  /** What was wrong and what would be right, naming the field or header. */
  readonly message: string;
}

/** An error answer, thrown by the model and the routes and written by the scope's error handler. */
export class UcwaError extends Error {
  readonly status: number;

  constructor(
    readonly code: UcwaErrorCode,
    readonly subcode: string | undefined,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'UcwaError';
    this.status = ucwaErrorStatus[code];
  }

  get body(): UcwaErrorBody {
    return { code: this.code, ...(this.subcode === undefined ? {} : { subcode: this.subcode }), message: this.message };
  }
}

export const applicationNotFound = () =>
  new UcwaError('NotFound', 'ApplicationNotFound', 'There is no such application (it was deleted, or expired while idle): create a new one.');
