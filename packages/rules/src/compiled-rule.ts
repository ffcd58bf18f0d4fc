import type RE2 from 're2';
import { type GatewayRoutingRule, type IncomingProtocol, type RuleMatchContext } from '@herald/core';
import { compileRe2, describeRejection, fullMatchSource, type RegexTranslation, translatePythonRegex } from './python-regex/translate-python-regex';
import { groupLayout, type GroupSpans, middlePart, sliceGroups } from './group-layout';
import { RegexGroups } from './regex-groups';
import { expandTemplate, parseReplaceTemplate, type TemplatePart } from './replace-template';

/** How traces name protocols. */
export const protocolLabels: Readonly<Record<IncomingProtocol, string>> = {
  sip: 'SIP',
  h323: 'H.323',
  mssip: 'MS-SIP (Lync/Skype for Business)',
  webrtc: 'WebRTC',
  teams: 'Teams',
};

const emptyNamedGroups: Readonly<Record<string, string | undefined>> = Object.freeze({});
const protocolBits: Readonly<Record<IncomingProtocol, number>> = { sip: 1, h323: 2, mssip: 4, webrtc: 8, teams: 16 };

/**
 * One rule, translated and ready to match. The translation happens when the rule set is
 * built; the RE2 objects for this rule alone (needed for a non-ASCII alias, or for groups whose
 * place the pattern's shape does not fix) are compiled on first use or by the index's warm-up.
 *
 * What a lookup reads about a candidate is held in the first fields, as numbers and flags
 * rather than objects to follow: with 10,000 rules the candidate is rarely in the CPU cache,
 * and each object followed is another cache miss (docs/performance.md). V8 lays fields out in
 * declaration order, so keep the hot ones first.
 */
export class CompiledRule {
  /** Why the rule never applies (disabled, not for incoming calls, registered devices only). */
  private readonly staticSkip: string | undefined;
  /** Why the rule can never be used (bad regex or replace string); undefined when usable. */
  unusable: string | undefined;
  /** Bit set of the protocols the rule allows (`protocolBits`). */
  private readonly protocols: number;
  private readonly location: string | undefined;
  /** Capturing groups in the pattern. */
  readonly groupCount: number;
  /** Where the groups lie in a full match, when the pattern's shape fixes it (group-layout.ts). */
  private readonly spans: GroupSpans | undefined;
  /** Otherwise, how RE2 finds them (regex-groups.ts). */
  private readonly regexGroups: RegexGroups | undefined;
  /** Whether the replace string is not empty. */
  readonly replaces: boolean;
  readonly template: readonly TemplatePart[] | undefined;
  /** `rule 'name' (priority n)`, the start of every trace line about this rule. */
  readonly label: string;
  /** Named groups as [name, number] pairs. */
  readonly groupNames: readonly (readonly [string, number])[];
  readonly translation: RegexTranslation | undefined;
  /** The exact full-match pattern. */
  private compiled: RE2 | undefined;
  /** Trace lines are built once per rule and reason: a lookup lists up to 20 of them. */
  private readonly lines = new Map<string, string>();

  constructor(
    readonly rule: GatewayRoutingRule,
    /** Position in priority order (0 is tried first). */
    readonly order: number,
    /** RE2 objects for groups by source, shared by the rules of one index (false: does not compile). */
    shared: Map<string, RE2 | false> = new Map(),
  ) {
    this.staticSkip = !rule.enabled
      ? 'disabled'
      : !rule.matchIncomingCalls
        ? 'does not apply to incoming calls (match_incoming_calls is off)'
        : rule.matchIncomingOnlyIfRegistered
          ? 'applies only to devices registered to the platform, and presence watchers are not'
          : undefined;
    let protocols = 0;
    for (const [protocol, bit] of Object.entries(protocolBits) as [IncomingProtocol, number][]) if (rule.incomingProtocols[protocol]) protocols |= bit;
    this.protocols = protocols;
    this.location = rule.sourceLocation;
    this.replaces = rule.replaceString !== '';
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
    this.groupCount = this.translation?.parsed.groupCount ?? 0;
    this.groupNames = [...(this.translation?.parsed.groupNames ?? [])];
    this.spans = this.translation !== undefined && this.groupCount > 0 ? groupLayout(this.translation.parsed.root) : undefined;
    this.regexGroups =
      this.translation !== undefined && this.groupCount > 0 && this.spans === undefined
        ? RegexGroups.for(this.translation.prefilter, middlePart(this.translation.parsed.root), shared)
        : undefined;
  }

  /** Why the rule does not apply to this request, or undefined when it does. */
  skipReason(context: RuleMatchContext): string | undefined {
    const reason = this.staticSkip ?? this.unusable;
    if (reason !== undefined) return reason;
    if ((this.protocols & protocolBits[context.protocol]) === 0) return `does not allow ${protocolLabels[context.protocol]}`;
    const required = this.location;
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

  /** Whether the exact pattern fully matches `subject`. */
  fullyMatches(subject: string): boolean {
    return this.exact()?.test(subject) === true;
  }

  /** The groups of the rule's match on `subject`, or undefined when it does not match. */
  groups(subject: string): (string | undefined)[] | undefined {
    const found = this.fullMatch(subject);
    return found === undefined ? undefined : Array.from(found, (g) => g ?? undefined);
  }

  /**
   * Confirms a candidate the Set reported and returns its groups. The Set's answer is exact on
   * ASCII subjects, so a pattern without groups needs no second pass, and one whose groups lie
   * at fixed offsets needs only slicing (group-layout.ts); other groups are found by RE2
   * (regex-groups.ts). A non-ASCII subject uses the exact pattern.
   */
  confirmMatch(subject: string, asciiSubject: boolean): (string | undefined)[] | undefined {
    if (this.translation === undefined) return undefined;
    if (asciiSubject) {
      if (this.groupCount === 0) return [subject];
      if (this.spans !== undefined) return sliceGroups(this.spans, this.groupCount, subject);
      if (this.regexGroups?.compiled() !== undefined) return this.regexGroups.find(subject, this.groupCount);
    } else if (this.groupCount === 0 && !this.translation.approximate) return [subject];
    return this.groups(subject);
  }

  /** `confirmMatch`, in the form earlier versions had; `input` (the subject as UTF-8) is not needed any more. */
  confirm(subject: string, input: Buffer | undefined, asciiSubject: boolean): readonly (string | undefined)[] | undefined {
    return this.confirmMatch(subject, asciiSubject);
  }

  /** The subject after the replace string (the subject itself when it is empty). */
  replaced(subject: string, groups: readonly (string | undefined)[]): string {
    return this.replaces ? expandTemplate(this.template ?? [], groups) : subject;
  }

  /** Named groups from positional ones. */
  namedGroups(groups: readonly (string | undefined)[]): Readonly<Record<string, string | undefined>> {
    if (this.groupNames.length === 0) return emptyNamedGroups;
    const named: Record<string, string | undefined> = {};
    for (const [name, index] of this.groupNames) named[name] = groups[index];
    return named;
  }

  /** Compiles the patterns a lookup may need now, if not done yet. */
  warm(): void {
    this.regexGroups?.compiled();
    if (this.translation?.approximate === true) this.exact();
  }

  /** Compiles the exact pattern now, if not done yet. */
  exact(): RE2 | undefined {
    if (this.compiled !== undefined || this.translation === undefined || this.unusable !== undefined) return this.compiled;
    this.compiled = this.compile(fullMatchSource(this.translation));
    return this.compiled;
  }

  private compile(source: string): RE2 | undefined {
    try {
      return compileRe2(source);
    } catch (error) {
      this.unusable = `its match_string cannot be compiled by RE2: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  }
}
