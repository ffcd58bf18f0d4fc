import { type Command } from 'commander';
import { type LintFinding, lintRules } from '@herald/rules';
import { type CliIo, ExitCode, reportFailure } from './cli-io';
import { loadRules } from './load-rules';

export function registerLintRulesCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('lint-rules')
    .description('report gateway routing rules that are broad, unescaped, refused by RE2, shadowed, never match or never give presence')
    .requiredOption('-c, --config <file>', 'configuration file')
    .option('--json', 'print JSON instead of text')
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .action(async (options: { config: string; json?: boolean; strict?: boolean }) => {
      try {
        const { source, content } = await loadRules(options.config);
        const findings = lintRules(content.rules).map((f) => ({ ...f, location: source.locate(f.path) }));
        const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
        const summary = { errors: count('error'), warnings: count('warning'), info: count('info') };
        if (options.json) io.out(JSON.stringify({ config: options.config, rules: content.rules.length, summary, findings }, undefined, 2));
        else io.out(lintText(options.config, content.rules.length, summary, findings));
        const failed = summary.errors > 0 || (options.strict === true && summary.warnings > 0);
        setExitCode(failed ? ExitCode.failure : ExitCode.ok);
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}

function lintText(file: string, rules: number, summary: { errors: number; warnings: number; info: number }, findings: readonly (LintFinding & { location: string })[]): string {
  const lines = [
    `${file}: ${rules} gateway routing rule${rules === 1 ? '' : 's'}; ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ` +
      `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.info} note${summary.info === 1 ? '' : 's'}`,
  ];
  for (const f of findings) {
    lines.push('', `${f.location} ${f.severity} [${f.code}] rule '${f.rule}' (priority ${f.priority})`, `  ${f.message}`, `  fix: ${f.fix}`);
  }
  return lines.join('\n');
}
