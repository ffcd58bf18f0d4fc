/** One log call: a message, or structured fields followed by a message (pino's argument order). */
export interface LogFn {
  (message: string): void;
  (fields: object, message?: string): void;
}

export const Logger = Symbol.for('core.Logger');
/**
 * Structured logging. The standard host binds a pino logger, which satisfies this interface;
 * embedders may bind their own. Fields are plain data; `err` holds an Error.
 */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** A logger that adds `bindings` to every line, e.g. `{ component: 'directory-file' }`. */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that discards everything: the default for embedders who bind none. */
export class SilentLogger implements Logger {
  trace: LogFn = () => undefined;
  debug: LogFn = () => undefined;
  info: LogFn = () => undefined;
  warn: LogFn = () => undefined;
  error: LogFn = () => undefined;
  fatal: LogFn = () => undefined;
  child(): Logger {
    return this;
  }
}
