export { createRulesModule } from './rules-module';
export { RuleEngineImpl, RulesOptions } from './rule-engine-impl';
export { RuleRegexValidator, checkRule } from './rule-regex-validator';
export { RuleIndex } from './rule-index';
export { maxTraceRules } from './rule-trace';
export { CompiledRule, protocolLabels } from './compiled-rule';
export {
  translatePythonRegex,
  describeRejection,
  fullMatchSource,
  prefixMatchSource,
  compileRe2,
  type RegexTranslation,
  type TranslationResult,
} from './python-regex/translate-python-regex';
export { parsePythonRegex, type ParseResult } from './python-regex/parse-python-regex';
export { type RegexNode, type RegexRejection, type ParsedRegex, type ClassItem, type CategoryName, type AssertionKind } from './python-regex/regex-ast';
export { parseReplaceTemplate, expandTemplate, type TemplatePart, type TemplateResult } from './replace-template';
export { lintRules, type LintFinding, type LintSeverity, type LintCode } from './lint/lint-rules';
export { testAliases, type AliasTestResult, type RuleTestRow, type RuleMatchKind } from './tester/test-rules';
