import type RE2 from 're2';
import { type GatewayRoutingRule, type IncomingProtocol, type RuleMatchContext } from '@herald/core';
import { compileRe2, describeRejection, fullMatchSource, type RegexTranslation, translatePythonRegex } from './python-regex/translate-python-regex';
import { parseReplaceTemplate, type TemplatePart } from './replace-template';

/** How traces name protocols. */
export const protocolLabels: Readonly<Record<IncomingProtocol, string>> = {
  sip: 'SIP',
  h323: 'H.323',
  mssip: 'MS-SIP (Lync/Skype for Business)',
  webrtc: 'WebRTC',
  teams: 'Teams',
};

/**
 * One rule, translated and ready to match. The translation happens when the rule set is
 * built; the exact RE2 object (needed only for a rule that wins, to get its groups) is compiled
 * on first use or by the index's warm-up, because compiling Unicode classes like `\d` costs
 * ~0.2 ms each and would dominate the build of a large rule set.
 */
export class CompiledRule {
  /** `rule 'name' (priority n)`, the start of every trace line about this rule. */
  readonly label: string;
  readonly translation: RegexTranslation | undefined;
  readonly template: readonly TemplatePart[] | undefined;
  /** Why the rule can never be used (bad regex or replace string); undefined when usable. */
  unusable: string | undefined;
  private readonly staticSkip: string | undefined;
  private readonly protocolSkips = new Map<IncomingProtocol, string | undefined>();
  private compiled: RE2 | undefined;
  /** Trace lines are built once per rule and reason: a lookup lists up to 20 of them. */
  private readonly lines = new Map<string, string>();

  constructor(
    readonly rule: GatewayRoutingRule,
    /** Position in priority order (0 is tried first). */
    readonly order: number,
  ) {
    this.label = `rule '${rule.name}' (priority ${rule.priority})`;
    const translated = translatePythonRegex(rule.matchString, { checkWithRe2: false });
    if (!translated.ok) {
      this.translation = undefined;
      this.template = undefined;
      this.unusable = `its match_string ${describeRejection(rule.matchString, translated.rejection)}`;
    } else {
      this.translation = translated.translation;
      const template = parseReplaceTemplate(rule.replaceString, translated.translation.parsed.groupCount, translated.translation.parsed.groupNames);
      this.template = template.ok ? template.parts : undefined;
      this.unusable = template.ok ? undefined : `its replace_string '${rule.replaceString}' cannot be used: ${template.reason}`;
    }
    this.staticSkip = !rule.enabled
      ? 'disabled'
      : !rule.matchIncomingCalls
        ? 'does not apply to incoming calls (match_incoming_calls is off)'
        : rule.matchIncomingOnlyIfRegistered
          ? 'applies only to devices registered to the platform, and presence watchers are not'
          : undefined;
  }

  /** Why the rule does not apply to this request, or undefined when it does. */
  skipReason(context: RuleMatchContext): string | undefined {
    if (this.staticSkip !== undefined) return this.staticSkip;
    if (this.unusable !== undefined) return this.unusable;
    let protocolSkip = this.protocolSkips.get(context.protocol);
    if (protocolSkip === undefined && !this.protocolSkips.has(context.protocol)) {
      protocolSkip = this.rule.incomingProtocols[context.protocol] ? undefined : `does not allow ${protocolLabels[context.protocol]}`;
      this.protocolSkips.set(context.protocol, protocolSkip);
    }
    if (protocolSkip !== undefined) return protocolSkip;
    const required = this.rule.sourceLocation;
    if (required !== undefined && required !== context.location) {
      return `requires location '${required}', ${context.location === undefined ? 'and this node has no location' : `this node is in '${context.location}'`}`;
    }
    return undefined;
  }

  /** `rule 'x' (priority n) <what>`, cached. */
  line(what: string): string {
    let line = this.lines.get(what);
    if (line === undefined) {
      line = `${this.label} ${what}`;
      if (this.lines.size < 16) this.lines.set(what, line);
    }
    return line;
  }

  /** The subject this rule matches against. */
  subject(alias: { readonly key: string; readonly full: string }): string {
    return this.rule.matchStringFull ? alias.full : alias.key;
  }

  /**
   * Full-match groups for `subject`, or undefined when the rule does not match it (or cannot
   * be compiled, which then makes the rule unusable).
   */
  fullMatch(subject: string): RegExpExecArray | undefined {
    const re = this.exact();
    return re?.exec(subject) ?? undefined;
  }

  /**
   * Confirms a candidate the Set reported and returns its groups. Only patterns with groups
   * need RE2's slower submatch search; a pattern whose Set form was approximate is checked
   * with the exact pattern when the subject has non-ASCII characters; otherwise the Set's
   * answer is already exact.
   */
  confirm(subject: string, input: Buffer, asciiSubject: boolean): readonly (string | undefined)[] | undefined {
    const translation = this.translation;
    if (translation === undefined) return undefined;
    if (translation.parsed.groupCount > 0) return this.fullMatch(subject);
    // The Set form differs from the exact one only on non-ASCII characters.
    if (translation.approximate && !asciiSubject && this.exact()?.test(input) !== true) return undefined;
    return [subject];
  }

  /** Compiles the exact pattern now, if not done yet. */
  exact(): RE2 | undefined {
    if (this.compiled !== undefined || this.translation === undefined || this.unusable !== undefined) return this.compiled;
    try {
      this.compiled = compileRe2(fullMatchSource(this.translation));
    } catch (error) {
      this.unusable = `its match_string cannot be compiled by RE2: ${error instanceof Error ? error.message : String(error)}`;
    }
    return this.compiled;
  }
}
