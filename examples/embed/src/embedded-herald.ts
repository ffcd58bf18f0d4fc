import {
  Container,
  createCoreModule,
  Directory,
  type DirectoryContent,
  type Disposable,
  InMemoryDirectory,
  Lifecycle,
  type Logger,
  type PresenceChange,
  type PresenceResolution,
  PresenceService,
  SubscriptionHub,
} from '@herald/core';
import { createDirectoryFileModule } from '@herald/directory-file';
import { createRulesModule } from '@herald/rules';
import { createThemesModule } from '@herald/themes';

export interface EmbeddedHeraldOptions {
  /** Where services, rules and themes come from: a Herald YAML file, or content held in memory. */
  readonly directory: { readonly file: string } | { readonly content: DirectoryContent };
  /** The base of avatar URLs in views: where the embedding product serves avatar images. */
  readonly publicBaseUrl: string;
  /** The instance's name, in logs; it may differ per instance. */
  readonly name?: string;
  readonly logger?: Logger;
}

/**
 * Herald's presence core inside another program: one container holding the core, the rule
 * engine, the theme store and a directory, used directly. It opens no socket and, because every
 * service lives in its own container, several instances in one process share nothing.
 */
export class EmbeddedHerald {
  private constructor(
    private readonly container: Container,
    /** The in-memory directory, when the instance was given content rather than a file. */
    readonly memory: InMemoryDirectory | undefined,
  ) {}

  /** Composes and starts an instance: loads the directory, compiles the rules, indexes the themes. */
  static async start(options: EmbeddedHeraldOptions): Promise<EmbeddedHerald> {
    const container = new Container();
    container.loadSync(
      createCoreModule({ node: { name: options.name ?? 'embedded' }, ...(options.logger === undefined ? {} : { logger: options.logger }) }),
      createRulesModule(),
      // No watching: the product decides when its directory changes.
      createThemesModule({ publicBaseUrl: options.publicBaseUrl, watch: false }),
    );
    let memory: InMemoryDirectory | undefined;
    if ('file' in options.directory) {
      container.loadSync(createDirectoryFileModule({ path: options.directory.file, watch: false }));
    } else {
      memory = new InMemoryDirectory();
      memory.replace(options.directory.content, options.name ?? 'embedded');
      container.bind(Directory).toConstantValue(memory);
    }
    await container.get<Lifecycle>(Lifecycle).start();
    return new EmbeddedHerald(container, memory);
  }

  /** What a watcher sees for an alias, and why. */
  resolve(alias: string): PresenceResolution {
    return this.container.get<PresenceService>(PresenceService).resolve(alias);
  }

  /**
   * Follows an alias: `onChange` is called whenever what a watcher sees changes (the directory,
   * the rules or the themes changed). Returns the current resolution and a handle to stop.
   */
  watch(alias: string, id: string, onChange: (change: PresenceChange) => void): { readonly resolution: PresenceResolution; readonly handle: Disposable } {
    const resolution = this.resolve(alias);
    if (resolution.presentity === undefined) throw new Error(`'${alias}' is not an alias`);
    const handle = this.container.get<SubscriptionHub>(SubscriptionHub).watch(resolution.presentity, { id, presenceChanged: onChange }, resolution.view);
    return { resolution, handle };
  }

  /** Replaces an in-memory directory's content; watchers whose view changes are told. */
  replaceDirectory(content: DirectoryContent): void {
    if (this.memory === undefined) throw new Error('this instance reads its directory from a file');
    this.memory.replace(content);
  }

  /** Stops the instance; it releases everything it holds. */
  stop(): Promise<void> {
    return this.container.get<Lifecycle>(Lifecycle).stop();
  }
}

/** One line per resolution, as the example prints it. */
export function describeResolution(resolution: PresenceResolution): string {
  const view = resolution.view;
  if (view === undefined) return `${resolution.presentity ?? resolution.input}: no presence`;
  return `${view.presentity}: ${view.availability.label} (${view.availability.code}) "${view.displayName}"${view.note === '' ? '' : ` – ${view.note}`}${view.avatar === undefined ? '' : ` [${view.avatar.url}]`}`;
}
