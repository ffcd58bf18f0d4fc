import { type Command, Option } from 'commander';
import { incomingProtocols, type IncomingProtocol, Lifecycle, PresenceService, type PresenceResolution } from '@herald/core';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNodeWithPlugins } from '../host/compose-with-plugins';
import { createLogger } from '../host/create-logger';
import { type CliIo, ExitCode, reportFailure } from './cli-io';

/** The machine-readable answer of `herald resolve --json`. */
export function resolutionToJson(resolution: PresenceResolution): Record<string, unknown> {
  const view = resolution.view;
  const source = view?.source;
  return {
    alias: resolution.input,
    ...(resolution.presentity === undefined ? {} : { presentity: resolution.presentity }),
    found: view !== undefined,
    source: source?.kind ?? 'none',
    ...(source?.kind === 'service' ? { service: { kind: source.service.kind, name: source.service.name, alias: source.alias.alias } } : {}),
    ...(source?.kind === 'rule'
      ? { rule: { name: source.rule.name, priority: source.rule.priority, replacedAlias: source.replacedAlias, groups: source.groups } }
      : {}),
    ...(source?.kind === 'policy' ? { policy: source.policy } : {}),
    ...(view === undefined
      ? {}
      : {
          displayName: view.displayName,
          note: view.note,
          title: view.title,
          availability: { code: view.availability.code, token: view.availability.token, label: view.availability.label },
        }),
    ...(view?.avatar === undefined ? {} : { avatar: { url: view.avatar.url, hash: view.avatar.hash, themeChain: view.avatar.themeChain } }),
    trace: resolution.trace,
  };
}

function resolutionToText(resolution: PresenceResolution): string {
  const view = resolution.view;
  const lines: string[] = [];
  if (view === undefined) {
    lines.push(`${resolution.presentity ?? resolution.input}: no presence (Lync shows "Presence unknown")`);
  } else {
    const source = view.source;
    lines.push(`${view.presentity}: ${view.availability.label} (${view.availability.code})`);
    lines.push(
      source.kind === 'service'
        ? `  ${view.title} '${source.service.name}'`
        : source.kind === 'rule'
          ? `  gateway contact, rule '${source.rule.name}' (priority ${source.rule.priority})`
          : `  contact given presence by the presence policy '${source.policy}'`,
    );
    lines.push(`  display name: ${view.displayName}`);
    if (view.note !== '') lines.push(`  note: ${view.note}`);
    if (view.avatar) lines.push(`  avatar: ${view.avatar.url} (hash ${view.avatar.hash})`);
  }
  lines.push('why:', ...resolution.trace.map((step) => `  - ${step}`));
  return lines.join('\n');
}

export function registerResolveCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('resolve')
    .description('show what a watcher would see for an alias, and why')
    .argument('<alias>', 'an alias or SIP URI, e.g. meet.alice@vc.example.com')
    .requiredOption('-c, --config <file>', 'configuration file')
    .option('--json', 'print JSON instead of text')
    .addOption(new Option('--protocol <protocol>', 'the protocol of the request, for rule filters').choices(incomingProtocols).default('mssip'))
    .option('--location <name>', "the handling node's location, for rule filters (default: node.location)")
    .action(async (alias: string, options: { config: string; json?: boolean; protocol: IncomingProtocol; location?: string }) => {
      try {
        const config = await loadHeraldConfig(options.config);
        const logger = createLogger({ level: 'warn', node: config.node.name, stream: 'stderr' });
        const container = await composeNodeWithPlugins(config, { logger, mode: 'offline' });
        const lifecycle = container.get<Lifecycle>(Lifecycle);
        await lifecycle.start();
        try {
          const presence = container.get<PresenceService>(PresenceService);
          const context = { protocol: options.protocol, ...(options.location === undefined ? {} : { location: options.location }) };
          // A one-shot command can wait for presence policies (e.g. a plugin's HTTP service).
          await presence.prepare(alias, context);
          const resolution = presence.resolve(alias, context);
          io.out(options.json ? JSON.stringify(resolutionToJson(resolution), undefined, 2) : resolutionToText(resolution));
          setExitCode(resolution.view === undefined ? ExitCode.failure : ExitCode.ok);
        } finally {
          await lifecycle.stop();
        }
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}
