import { type Command, Option } from 'commander';
import { incomingProtocols, type IncomingProtocol, maxAliasInputLength } from '@herald/core';
import { type AliasTestResult, RuleIndex, testAliases } from '@herald/rules';
import { type CliIo, ExitCode, reportFailure } from './cli-io';
import { loadRules } from './load-rules';

/** Aliases read from stdin at most, so a runaway pipe cannot exhaust memory. */
const maxStdinAliases = 100_000;
/** Above this many rules, text output lists only the rules that match (fully or partly). */
const maxRowsShownInFull = 50;

export function registerRulesTestCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const rules = program.command('rules').description('work with gateway routing rules');
  rules
    .command('test')
    .description('test aliases against every rule: full, partial or no match, groups, replaced alias, and which rule wins')
    .argument('[alias...]', 'aliases or SIP URIs; when none are given, one per line on stdin')
    .requiredOption('-c, --config <file>', 'configuration file')
    .option('--json', 'print JSON instead of text')
    .addOption(new Option('--protocol <protocol>', 'the protocol of the request, for rule filters').choices(incomingProtocols).default('mssip'))
    .option('--location <name>', "the handling node's location, for rule filters (default: node.location)")
    .action(async (aliases: string[], options: { config: string; json?: boolean; protocol: IncomingProtocol; location?: string }) => {
      try {
        const inputs = aliases.length > 0 ? aliases : await readStdinAliases();
        if (inputs === undefined) {
          io.err('herald rules test: give aliases as arguments, or pipe them on stdin, one per line');
          setExitCode(ExitCode.invalid);
          return;
        }
        const { config, snapshot } = await loadRules(options.config);
        const index = RuleIndex.build(snapshot.rules, snapshot.version);
        const location = options.location ?? config.node.location;
        const context = { protocol: options.protocol, ...(location === undefined ? {} : { location }) };
        const results = testAliases(index, inputs, context, (key) => {
          const hit = snapshot.findServiceByAlias(key);
          return hit?.service.enabled ? hit.service.name : undefined;
        });
        if (options.json) io.out(JSON.stringify({ config: options.config, context, results }, undefined, 2));
        else io.out(results.map((r) => resultText(r, index.rules.length)).join('\n\n'));
        setExitCode(results.every((r) => r.found) ? ExitCode.ok : ExitCode.failure);
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}

/** Non-empty, non-comment lines of stdin; undefined when stdin is a terminal. */
async function readStdinAliases(): Promise<string[] | undefined> {
  if (process.stdin.isTTY) return undefined;
  const aliases: string[] = [];
  let rest = '';
  for await (const chunk of process.stdin) {
    rest += String(chunk);
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) add(line);
    if (rest.length > maxAliasInputLength * 4) rest = rest.slice(0, maxAliasInputLength * 4);
    if (aliases.length >= maxStdinAliases) break;
  }
  add(rest);
  return aliases.slice(0, maxStdinAliases);

  function add(line: string): void {
    const alias = line.trim();
    if (alias !== '' && !alias.startsWith('#')) aliases.push(alias);
  }
}

function resultText(result: AliasTestResult, ruleCount: number): string {
  if (result.error !== undefined) return `${result.input}: ${result.error}`;
  const head = result.service
    ? `${result.presentity}: Available, an alias of the service '${result.service}' (services take precedence over rules)`
    : result.winner
      ? `${result.presentity}: Available, rule '${result.winner.rule}' (priority ${result.winner.priority}); replaced alias '${result.winner.replacedAlias}'`
      : `${result.presentity}: no rule gives presence (Lync shows "Presence unknown")`;
  const shown = ruleCount > maxRowsShownInFull ? result.rules.filter((r) => r.match !== 'none') : result.rules;
  const lines = [head];
  for (const r of shown) {
    const detail =
      r.match === 'full'
        ? `${r.groups && r.groups.length > 1 ? `groups ${r.groups.slice(1).map((g, i) => `${i + 1}=${g === undefined ? '(unmatched)' : `'${g}'`}`).join(', ')}; ` : ''}replaced alias '${r.replacedAlias}'`
        : r.match === 'partial'
          ? `only the start matches: '${r.matched}'`
          : '';
    const skipped = r.skipped === undefined ? '' : `  [does not apply: ${r.skipped}]`;
    lines.push(`  ${r.match.padEnd(8)} priority ${String(r.priority).padStart(3)}  '${r.rule}'${detail === '' ? '' : `  ${detail}`}${skipped}`);
  }
  if (shown.length < result.rules.length) lines.push(`  (${result.rules.length - shown.length} other rules do not match at all)`);
  return lines.join('\n');
}
