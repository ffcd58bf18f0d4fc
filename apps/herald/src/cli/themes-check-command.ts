import { relative } from 'node:path';
import { type Command } from 'commander';
import { Directory, Lifecycle } from '@herald/core';
import { avatarFileName, type LoadedTheme, reportTheme, ThemeLibrary } from '@herald/themes';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNode } from '../host/compose-node';
import { createLogger } from '../host/create-logger';
import { type CliIo, ExitCode, reportFailure } from './cli-io';

const marks = { error: 'ERROR  ', warning: 'WARN   ', info: 'OK     ', none: 'NONE   ' } as const;

/**
 * `herald themes check --config <file>`: reads every theme of the configuration as a node would
 * (folders and ZIP packages, with the same limits), decodes each avatar, and lists what a node
 * would serve and what it would refuse. Exit 0 when every theme is usable (warnings allowed), 1
 * when a package or avatar is refused, 2 for an invalid configuration or command line.
 */
export function registerThemesCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const themes = program.command('themes').description('work with the themes of a configuration');
  themes
    .command('check')
    .description('read every theme, decode every avatar, and report what would be served, refused or warned about')
    .requiredOption('-c, --config <file>', 'configuration file')
    .action(async (options: { config: string }) => {
      try {
        const config = await loadHeraldConfig(options.config);
        // The report below says everything the store would log; keep stderr for failures.
        const logger = createLogger({ level: 'fatal', node: config.node.name, stream: 'stderr' });
        const container = composeNode(config, { logger, mode: 'offline' });
        const lifecycle = container.get<Lifecycle>(Lifecycle);
        await lifecycle.start();
        try {
          const snapshot = container.get<Directory>(Directory).current();
          const library = container.get<ThemeLibrary>(ThemeLibrary);
          const loaded = await Promise.all(snapshot.themes.map((theme) => library.load(theme.path)));
          const base = await library.loadBase();
          const lines = [`${options.config}: ${snapshot.themes.length} theme${snapshot.themes.length === 1 ? '' : 's'}, default theme: ${snapshot.defaultTheme ?? 'none (the built-in one)'}`];
          let refused = 0;
          snapshot.themes.forEach((theme, i) => {
            lines.push(`${theme.name} (${relative(process.cwd(), theme.path) || theme.path})`);
            for (const finding of reportTheme(theme.name, loaded[i])) {
              if (finding.severity === 'error') refused++;
              const mark = finding.severity === 'info' && loaded[i].avatar === undefined ? marks.none : marks[finding.severity];
              lines.push(`  ${mark}${finding.message}`);
            }
          });
          lines.push(`built-in base theme`, `  ${marks.info}${describeBase(base)}`);
          lines.push(refused === 0 ? 'every theme is usable' : `${refused} theme package${refused === 1 ? ' or file was' : 's or files were'} refused; they fall back as if absent`);
          io.out(lines.join('\n'));
          setExitCode(refused === 0 ? ExitCode.ok : ExitCode.failure);
        } finally {
          await lifecycle.stop();
        }
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}

function describeBase(base: LoadedTheme): string {
  const avatar = base.avatar;
  return avatar === undefined ? `no ${avatarFileName}` : `${base.avatarLocation} (${avatar.width}×${avatar.height}, hash ${avatar.hash})`;
}
