import { Command, CommanderError } from 'commander';
import { type CliIo, ExitCode, processIo } from './cli-io';
import { registerCheckCommand } from './check-command';
import { registerImportCommand } from './import-command';
import { registerLintRulesCommand } from './lint-rules-command';
import { registerResolveCommand } from './resolve-command';
import { registerRulesTestCommand } from './rules-test-command';
import { registerStartCommand } from './start-command';
import { registerThemesCommand } from './themes-check-command';

/** The commands of the `herald` CLI, in the order `herald --help` lists them. */
const commands = [
  registerStartCommand,
  registerCheckCommand,
  registerResolveCommand,
  registerLintRulesCommand,
  registerRulesTestCommand,
  registerThemesCommand,
  registerImportCommand,
];

/**
 * Runs the CLI with `args` (without `node` and the script) and resolves with the exit code.
 * Nothing here calls `process.exit`, so tests can run commands in-process.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('herald')
    .description('Herald: presence for meeting rooms and gateway contacts in Lync / Skype for Business')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const register of commands) register(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.invalid;
    throw error;
  }
  return exitCode;
}
