import { inject, injectable } from 'inversify';
import {
  Directory,
  type DirectorySnapshot,
  type Disposable,
  Emitter,
  type LifecycleContribution,
  Logger,
  type NormalisedAlias,
  type RuleEngine,
  type RuleEvaluation,
  type RuleMatchContext,
  type RuleSetChange,
} from '@herald/core';
import { RuleIndex } from './rule-index';

export const RulesOptions = Symbol.for('rules.RulesOptions');
export interface RulesOptions {
  /**
   * Compile the single-rule patterns a lookup may need (for groups, or for aliases with
   * non-ASCII characters) in the background after a rule set is swapped in, so the first
   * match of a rule does not pay for it. Default true.
   */
  readonly warmUp?: boolean;
}

/** Rules whose single patterns are compiled per turn of the event loop during warm-up (~10 ms). */
const warmUpBatch = 100;

/**
 * The `RuleEngine`: answers from an immutable `RuleIndex` and replaces it when the directory's
 * rules change.
 *
 * A rebuild runs on its own turn of the event loop (`setImmediate` after the directory event),
 * not inside the directory's change notification, so the store and the other listeners finish
 * first. It is synchronous: building the index is translation plus RE2.Set compilation, about
 * 0.5 s for 10,000 rules (docs/performance.md), which is shorter than splitting the work and
 * keeping two half-built indexes consistent would be worth. Lookups before the swap use the old
 * index; the swap is one assignment; `onDidChange` fires after it, so watchers are rechecked
 * against the new rules. Several directory changes before a rebuild starts cause one rebuild.
 */
@injectable()
export class RuleEngineImpl implements RuleEngine, LifecycleContribution {
  readonly id = 'rules';
  private index = RuleIndex.empty;
  private readonly changes: Emitter<RuleSetChange>;
  readonly onDidChange;
  private readonly logger: Logger;
  private listener: Disposable | undefined;
  private rebuildHandle: NodeJS.Immediate | undefined;
  private warmHandle: NodeJS.Immediate | undefined;
  private settled: Promise<void> = Promise.resolve();
  private settle: (() => void) | undefined;

  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(Logger) logger: Logger,
    @inject(RulesOptions) private readonly options: RulesOptions,
  ) {
    this.logger = logger.child({ component: this.id });
    this.changes = new Emitter<RuleSetChange>((error) => this.logger.error({ err: error }, 'a rule set listener failed'));
    this.onDidChange = this.changes.event;
  }

  match(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    return this.index.evaluate(alias, context);
  }

  /** The index now answering; for the tester and diagnostics. */
  current(): RuleIndex {
    return this.index;
  }

  /** Resolves once no rebuild is pending (tests and the CLI use it). */
  idle(): Promise<void> {
    return this.settled;
  }

  start(): void {
    this.install(this.directory.current(), 'compiled');
    this.listener = this.directory.onDidChange(({ previous, current }) => {
      if (JSON.stringify(previous.rules) === JSON.stringify(current.rules)) return;
      this.scheduleRebuild();
    });
  }

  stop(): void {
    this.listener?.dispose();
    this.listener = undefined;
    if (this.rebuildHandle !== undefined) clearImmediate(this.rebuildHandle);
    if (this.warmHandle !== undefined) clearImmediate(this.warmHandle);
    this.rebuildHandle = undefined;
    this.warmHandle = undefined;
    this.settle?.();
    this.settle = undefined;
  }

  private scheduleRebuild(): void {
    if (this.rebuildHandle !== undefined) return;
    if (this.settle === undefined) this.settled = new Promise<void>((resolve) => (this.settle = resolve));
    this.rebuildHandle = setImmediate(() => {
      this.rebuildHandle = undefined;
      try {
        this.install(this.directory.current(), 'recompiled');
      } catch (error) {
        this.logger.error({ err: error, servingVersion: this.index.version }, `rule set not rebuilt; still serving version ${this.index.version}`);
      }
      this.settle?.();
      this.settle = undefined;
    });
  }

  private install(snapshot: DirectorySnapshot, verb: string): void {
    const index = RuleIndex.build(snapshot.rules, snapshot.version);
    this.index = index;
    const unusable = index.rules.filter((r) => r.unusable !== undefined);
    this.logger.info({ version: index.version, rules: index.rules.length, unusable: unusable.length, ms: Math.round(index.buildMs) }, `rule set ${verb}`);
    for (const rule of unusable.slice(0, 20)) this.logger.warn({ rule: rule.rule.name }, `${rule.label} is never used: ${rule.unusable}`);
    this.changes.fire({ version: index.version });
    if (this.options.warmUp !== false) this.warm(index, 0);
  }

  private warm(index: RuleIndex, from: number): void {
    if (this.warmHandle !== undefined) clearImmediate(this.warmHandle);
    this.warmHandle = undefined;
    if (from >= index.rules.length || index !== this.index) return;
    this.warmHandle = setImmediate(() => {
      this.warmHandle = undefined;
      this.warm(index, from + index.warm(from, warmUpBatch));
    });
    this.warmHandle.unref();
  }
}
