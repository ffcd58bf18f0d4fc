import { type Command } from 'commander';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNodeWithPlugins } from '../host/compose-with-plugins';
import { createLogger } from '../host/create-logger';
import { runNode } from '../host/run-node';
import { type CliIo, reportFailure } from './cli-io';

export function registerStartCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('start')
    .description('run a Herald node until SIGINT or SIGTERM')
    .requiredOption('-c, --config <file>', 'configuration file')
    .action(async (options: { config: string }) => {
      try {
        const config = await loadHeraldConfig(options.config);
        const logger = createLogger({ level: config.log.level, node: config.node.name, stream: 'stdout' });
        const container = await composeNodeWithPlugins(config, { logger, mode: 'serve' });
        const code = await runNode(container, { logger });
        logger.flush();
        setExitCode(code);
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}
