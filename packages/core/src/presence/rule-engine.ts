import { type NormalisedAlias } from '../domain/alias';
import { type GatewayRoutingRule, type IncomingProtocol } from '../domain/gateway-routing-rule';
import { type Event } from '../kernel/emitter';

/** The request a rule is evaluated for. Presence requests from Lync/SfB are `mssip`. */
export interface RuleMatchContext {
  readonly protocol: IncomingProtocol;
  /** The location of the node handling the request, for `match_source_location`. */
  readonly location?: string;
}

/** The rule that gave an alias presence. */
export interface RuleMatch {
  readonly rule: GatewayRoutingRule;
  /** Positional groups; index 0 is the whole match. Unmatched groups are undefined. */
  readonly groups: readonly (string | undefined)[];
  readonly namedGroups: Readonly<Record<string, string | undefined>>;
  /** The subject after the rule's replace string (the subject itself when it is empty). */
  readonly replacedAlias: string;
}

export interface RuleEvaluation {
  /** The winning rule, if any. */
  readonly match?: RuleMatch;
  /** One line per rule considered or skipped, with the reason. */
  readonly trace: readonly string[];
}

/** The rule engine switched to a new compiled rule set. */
export interface RuleSetChange {
  /** The directory version the new rule set was compiled from. */
  readonly version: string;
}

export const RuleEngine = Symbol.for('core.RuleEngine');
/**
 * Decides whether a gateway contact has presence: the first enabled rule, in ascending
 * priority, that applies to incoming requests of the context's protocol and location and whose
 * regex fully matches the alias. Follows the directory by itself.
 */
export interface RuleEngine {
  /**
   * Evaluates the rules for one alias. Pure and in-memory; safe on the request path. While a
   * new rule set compiles, the previous one keeps answering.
   */
  match(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation;
  /** Fires after a newly compiled rule set has replaced the previous one. */
  readonly onDidChange: Event<RuleSetChange>;
}
