import { injectable } from 'inversify';
import { type ConfigIssue, type DirectoryContent, type DirectoryValidator } from '@herald/core';
import { emptyRepeatedCapture } from './python-regex/regex-facts';
import { describeRejection, translatePythonRegex } from './python-regex/translate-python-regex';
import { parseReplaceTemplate } from './replace-template';

/** Rules checked per turn of the event loop, so a large directory does not stall lookups. */
const batchSize = 200;

/**
 * Refuses directory content whose rules the engine could not run: a `match_string` that is not
 * valid Python, or that RE2 cannot run in linear time (backreferences, lookaround…), and a
 * `replace_string` that refers to a group the pattern lacks. `herald check`, the file store's
 * reload and API writes all go through it, so a bad regex never reaches the engine.
 */
@injectable()
export class RuleRegexValidator implements DirectoryValidator {
  readonly id = 'rules.regex';

  async validate(content: DirectoryContent): Promise<readonly ConfigIssue[]> {
    const issues: ConfigIssue[] = [];
    // `content.rules` is in document order here (the snapshot sorts later), so `i` is the
    // index the operator sees in the file.
    for (let i = 0; i < content.rules.length; i++) {
      if (i > 0 && i % batchSize === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      issues.push(...checkRule(content.rules[i], i));
    }
    return issues;
  }
}

/** The issues of one rule, with paths into the document. */
export function checkRule(rule: DirectoryContent['rules'][number], index: number): ConfigIssue[] {
  const translated = translatePythonRegex(rule.matchString);
  if (!translated.ok) {
    return [{ path: ['gateway_routing_rules', index, 'match_string'], message: `rule '${rule.name}': ${describeRejection(rule.matchString, translated.rejection)}`, severity: 'error' }];
  }
  const { groupCount, groupNames } = translated.translation.parsed;
  const template = parseReplaceTemplate(rule.replaceString, groupCount, groupNames);
  if (!template.ok) {
    return [
      {
        path: ['gateway_routing_rules', index, 'replace_string'],
        message: `rule '${rule.name}': replace string '${rule.replaceString}' at character ${template.position + 1}: ${template.reason}`,
        severity: 'error',
      },
    ];
  }
  const emptyRepeat = emptyRepeatedCapture(translated.translation.parsed.root);
  if (emptyRepeat !== undefined && rule.replaceString !== '') {
    return [
      {
        path: ['gateway_routing_rules', index, 'match_string'],
        message:
          `rule '${rule.name}': the repetition at character ${emptyRepeat + 1} can repeat an empty match of a group; ` +
          'whether an alias matches is exact, but Python would then report that group as empty where RE2 reports its last non-empty text, ' +
          "so the replaced alias may differ from the platform's; make the repeated part non-empty (e.g. (a+)* instead of (a*)*)",
        severity: 'warning',
      },
    ];
  }
  return [];
}
