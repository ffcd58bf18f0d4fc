/** Field-level messages of a refused object, keyed by the platform's field names. */
export type FieldErrors = Record<string, string[]>;

/**
 * A request the API refuses, with the status and the body to send. Validation failures use the
 * platform's shape, `{"<resource>": {"<field>": ["message", …]}}`; other errors `{"error": "…"}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
    this.name = 'ApiError';
  }

  static message(status: number, message: string, extra: Record<string, unknown> = {}, headers: Readonly<Record<string, string>> = {}): ApiError {
    return new ApiError(status, { error: message, ...extra }, headers);
  }

  static fields(resource: string, errors: FieldErrors): ApiError {
    return new ApiError(400, { [resource]: errors });
  }

  static notFound(resource: string, id: string): ApiError {
    return ApiError.message(404, `There is no ${resource} with id ${id}.`);
  }
}

/** Collects field errors while an object is read, then throws them all at once. */
export class FieldErrorCollector {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(resource: string): void {
    if (!this.empty) throw ApiError.fields(resource, this.errors);
  }
}
