import { type Command } from 'commander';
import { Directory, Lifecycle } from '@herald/core';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNodeWithPlugins } from '../host/compose-with-plugins';
import { createLogger } from '../host/create-logger';
import { type CliIo, ExitCode, reportFailure } from './cli-io';

export function registerCheckCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('validate a configuration file: every section, every regex, every theme; exits non-zero on any problem')
    .requiredOption('-c, --config <file>', 'configuration file')
    .action(async (options: { config: string }) => {
      try {
        const config = await loadHeraldConfig(options.config);
        const logger = createLogger({ level: 'warn', node: config.node.name, stream: 'stderr' });
        const container = await composeNodeWithPlugins(config, { logger, mode: 'offline' });
        const lifecycle = container.get<Lifecycle>(Lifecycle);
        await lifecycle.start();
        const snapshot = container.get<Directory>(Directory).current();
        await lifecycle.stop();
        const aliases = [...snapshot.aliasKeys()].length;
        io.out(
          `${options.config}: OK (directory version ${snapshot.version}: ${snapshot.services.length} services, ${aliases} aliases, ` +
            `${snapshot.rules.length} gateway routing rules, ${snapshot.themes.length} themes)`,
        );
        setExitCode(ExitCode.ok);
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}
