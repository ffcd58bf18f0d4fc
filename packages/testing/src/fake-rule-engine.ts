import {
  type Directory,
  Emitter,
  type NormalisedAlias,
  type RuleEngine,
  type RuleEvaluation,
  type RuleMatchContext,
  type RuleSetChange,
} from '@herald/core';

/**
 * A rule engine for the tests of the engine's neighbours: it applies the rule filters and a
 * case-insensitive full match with JavaScript's RegExp, follows the directory it is given, and
 * announces each new rule set. It does not translate Python syntax, use RE2, or do replace
 * strings: `replacedAlias` is the subject. `@herald/rules` is the real engine.
 */
export class FakeRuleEngine implements RuleEngine {
  private readonly changes = new Emitter<RuleSetChange>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly directory: Directory) {
    directory.onDidChange(({ current }) => this.changes.fire({ version: current.version }));
  }

  match(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    const trace: string[] = [];
    for (const rule of this.directory.current().rules) {
      const applies =
        rule.enabled &&
        rule.matchIncomingCalls &&
        rule.incomingProtocols[context.protocol] &&
        (rule.sourceLocation === undefined || rule.sourceLocation === context.location);
      if (!applies) {
        trace.push(`fake: '${rule.name}' does not apply`);
        continue;
      }
      const subject = rule.matchStringFull ? alias.full : alias.key;
      const found = new RegExp(`^(?:${rule.matchString})$`, 'i').exec(subject);
      if (found === null) {
        trace.push(`fake: '${rule.name}' does not match`);
        continue;
      }
      trace.push(`fake: '${rule.name}' matches`);
      return { match: { rule, groups: [...found], namedGroups: { ...found.groups }, replacedAlias: subject }, trace };
    }
    return { trace };
  }
}
