import { type ConfigPath, type GatewayRoutingRule } from '@herald/core';
import { type CompiledRule } from '../compiled-rule';
import { emptyRepeatedCapture } from '../python-regex/regex-facts';
import { describeRejection, translatePythonRegex } from '../python-regex/translate-python-regex';
import { parseReplaceTemplate } from '../replace-template';
import { RuleIndex } from '../rule-index';
import { broadness, neverMatches, unescapedDots } from './pattern-findings';
import { findShadower } from './shadowing';

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintCode =
  | 'invalid-regex'
  | 're2-unsupported'
  | 'invalid-replace'
  | 'unescaped-dot'
  | 'broad-pattern'
  | 'catch-all'
  | 'never-matches'
  | 'shadowed'
  | 'duplicate-priority'
  | 'no-mssip'
  | 'disabled'
  | 'not-incoming'
  | 'only-registered'
  | 'empty-repeat-capture';

/** One thing an operator should look at in a rule. */
export interface LintFinding {
  /** The rule's name. */
  readonly rule: string;
  /** The rule's position in the document's `gateway_routing_rules`. */
  readonly index: number;
  readonly priority: number;
  readonly code: LintCode;
  /** `error`: the rule cannot work as written; `warning`: it probably does not do what is meant; `info`: worth knowing. */
  readonly severity: LintSeverity;
  /** What is wrong and what it leads to. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
  /** The field concerned, for locating it in the file. */
  readonly path: ConfigPath;
}

/**
 * Lints gateway routing rules, given in document order. Pure: no I/O, deterministic order
 * (document order, then by code).
 */
export function lintRules(rules: readonly GatewayRoutingRule[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const byOrder = rules.map((rule, index) => ({ rule, index })).sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index);
  const index = RuleIndex.build(
    byOrder.map((r) => r.rule),
    'lint',
  );
  const documentIndex = (compiled: CompiledRule) => byOrder[compiled.order].index;
  const add = (rule: GatewayRoutingRule, at: number, field: string, code: LintCode, severity: LintSeverity, message: string, fix: string) =>
    findings.push({ rule: rule.name, index: at, priority: rule.priority, code, severity, message, fix, path: ['gateway_routing_rules', at, field] });

  for (const compiled of index.rules) {
    const { rule } = compiled;
    const at = documentIndex(compiled);
    const translated = translatePythonRegex(rule.matchString);
    if (!translated.ok) {
      const { rejection } = translated;
      add(
        rule,
        at,
        'match_string',
        rejection.pythonError ? 'invalid-regex' : 're2-unsupported',
        'error',
        `${describeRejection(rule.matchString, rejection)}; the rule is refused, so it never gives presence`,
        rejection.pythonError ? 'correct the syntax at the position named' : `rewrite the pattern without ${rejection.construct === '' ? 'that construct' : `'${rejection.construct}'`}`,
      );
      continue;
    }
    const { parsed } = translated.translation;
    const template = parseReplaceTemplate(rule.replaceString, parsed.groupCount, parsed.groupNames);
    if (!template.ok) {
      add(rule, at, 'replace_string', 'invalid-replace', 'error', `replace string '${rule.replaceString}': ${template.reason}`, 'refer only to groups the pattern has, as \\1 or \\g<name>');
    }
    for (const f of [...neverMatches(rule.matchString, parsed.root, rule.matchStringFull), ...broadness(parsed.root), ...unescapedDots(rule.matchString, parsed.root)]) {
      add(rule, at, 'match_string', f.code, f.severity, f.message, f.fix);
    }
    const emptyRepeat = emptyRepeatedCapture(parsed.root);
    if (emptyRepeat !== undefined && rule.replaceString !== '') {
      add(
        rule,
        at,
        'match_string',
        'empty-repeat-capture',
        'warning',
        `the repetition at character ${emptyRepeat + 1} can repeat an empty match of a group, so the replaced alias may differ from Python's`,
        'make the repeated part non-empty, e.g. (a+)* instead of (a*)*',
      );
    }
    lintApplicability(rule, (field, code, severity, message, fix) => add(rule, at, field, code, severity, message, fix));
  }

  const firstWithPriority = new Map<number, GatewayRoutingRule>();
  for (const { rule, index: at } of byOrder) {
    const first = firstWithPriority.get(rule.priority);
    if (first === undefined) firstWithPriority.set(rule.priority, rule);
    else {
      add(
        rule,
        at,
        'priority',
        'duplicate-priority',
        'warning',
        `has the same priority (${rule.priority}) as rule '${first.name}'; equal priorities are tried in document order, which a reordering of the file silently changes`,
        `give it a priority of its own, e.g. ${rule.priority + 1} if that is free`,
      );
    }
  }

  for (const compiled of index.rules) {
    const shadower = findShadower(index, compiled);
    if (shadower === undefined) continue;
    add(
      compiled.rule,
      documentIndex(compiled),
      'match_string',
      'shadowed',
      'warning',
      `never wins: every alias it matches is matched first by rule '${shadower.rule.name}' (priority ${shadower.rule.priority}), which applies to the same requests`,
      `give it a lower priority number than ${shadower.rule.priority}, or narrow rule '${shadower.rule.name}'`,
    );
  }
  return findings.sort((a, b) => a.index - b.index || a.code.localeCompare(b.code));
}

type Report = (field: string, code: LintCode, severity: LintSeverity, message: string, fix: string) => void;

/** Rules that can never give presence to a Lync/SfB watcher, whatever their pattern. */
function lintApplicability(rule: GatewayRoutingRule, report: Report): void {
  if (!rule.enabled) report('enable', 'disabled', 'info', 'is disabled, so it never gives presence', 'set enable: true when it should be used');
  if (!rule.matchIncomingCalls) {
    report('match_incoming_calls', 'not-incoming', 'warning', 'does not match incoming calls, and a presence request is one, so it never gives presence', 'set match_incoming_calls: true');
  }
  if (rule.matchIncomingOnlyIfRegistered) {
    report(
      'match_incoming_only_if_registered',
      'only-registered',
      'warning',
      'applies only to devices registered to the platform; Lync/SfB watchers are not, so it never gives presence',
      'set match_incoming_only_if_registered: false if these contacts should show presence',
    );
  }
  if (!rule.incomingProtocols.mssip) {
    report(
      'match_incoming_mssip',
      'no-mssip',
      'warning',
      'does not allow MS-SIP (Lync/Skype for Business), so its contacts never show presence in Lync',
      'set match_incoming_mssip: true if Lync users should see these contacts as Available',
    );
  }
}
