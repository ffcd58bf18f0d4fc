import { type LogFn, type Logger } from '@herald/core';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A logger that keeps every line, with the bindings of its children, for assertions. */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  trace: LogFn = this.writer('trace');
  debug: LogFn = this.writer('debug');
  info: LogFn = this.writer('info');
  warn: LogFn = this.writer('warn');
  error: LogFn = this.writer('error');
  fatal: LogFn = this.writer('fatal');

  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }

  /** Lines at `level` whose message contains `text`. */
  find(level: LogLevel, text: string): LogLine[] {
    return this.lines.filter((l) => l.level === level && l.message.includes(text));
  }

  private writer(level: LogLevel): LogFn {
    return ((first: object | string, message?: string) => {
      if (typeof first === 'string') this.lines.push({ level, message: first, fields: { ...this.bindings } });
      else this.lines.push({ level, message: message ?? '', fields: { ...this.bindings, ...first } });
    }) as LogFn;
  }
}
