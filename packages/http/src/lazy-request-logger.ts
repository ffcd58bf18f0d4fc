import { type FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** Pino's loggers can say whether a level is written; other loggers Fastify accepts may not. */
interface LevelAware {
  isLevelEnabled(level: string): boolean;
}
type LogArgs = Parameters<FastifyBaseLogger['info']>;

/**
 * Fastify gives every request a child of the node's logger bound to the request id. Pino builds
 * a child by serialising its bindings, about a microsecond, and nearly every request of a
 * running node logs nothing at its level (the per-request line is at debug). This logger builds
 * the child on the first line that will really be written, and never for the others, so a
 * quiet request costs no child at all.
 */
export class LazyRequestLogger {
  private built: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return this.built?.level ?? this.options?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  fatal(...args: LogArgs): void {
    this.write('fatal', args);
  }

  error(...args: LogArgs): void {
    this.write('error', args);
  }

  warn(...args: LogArgs): void {
    this.write('warn', args);
  }

  info(...args: LogArgs): void {
    this.write('info', args);
  }

  debug(...args: LogArgs): void {
    this.write('debug', args);
  }

  trace(...args: LogArgs): void {
    this.write('trace', args);
  }

  silent(): void {
    // Nothing is written at the silent level.
  }

  isLevelEnabled(level: string): boolean {
    // A per-route level needs the child to answer; so does a logger that cannot tell (not pino).
    const judge = this.built ?? (this.options?.level === undefined ? this.parent : this.logger());
    return (judge as Partial<LevelAware>).isLevelEnabled?.(level) ?? true;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private write(level: Level, args: LogArgs): void {
    if (!this.isLevelEnabled(level)) return;
    this.logger()[level](...args);
  }

  private logger(): FastifyBaseLogger {
    return (this.built ??= this.parent.child(this.bindings, this.options));
  }
}
