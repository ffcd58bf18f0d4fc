import {
  AvatarSource,
  Container,
  type ContainerModule,
  createCoreModule,
  Directory,
  type DirectoryContent,
  InMemoryDirectory,
  Lifecycle,
  PresenceService,
  RuleEngine,
  SubscriptionHub,
} from '@herald/core';
import { FakeAvatarSource } from './fake-avatar-source';
import { FakeClock } from './fake-clock';
import { FakeRuleEngine } from './fake-rule-engine';
import { RecordingLogger } from './recording-logger';

export interface TestNodeOptions {
  readonly content?: DirectoryContent;
  /** Modules under test, loaded after the core and the fakes; they may rebind any port. */
  readonly modules?: readonly ContainerModule[];
  /** Bind the fake rule engine (default true). */
  readonly fakeRules?: boolean;
  /** Bind the fake avatar source (default true). */
  readonly fakeAvatars?: boolean;
  readonly location?: string;
}

/**
 * A fresh container with the core, an in-memory directory, a fake clock and a recording logger,
 * plus fakes for the optional ports; the unit under test comes in `modules`.
 */
export function createTestNode(options: TestNodeOptions = {}) {
  const logger = new RecordingLogger();
  const clock = new FakeClock();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock, node: { name: 'test-node', ...(options.location ? { location: options.location } : {}) } }));
  const directory = new InMemoryDirectory();
  if (options.content) directory.replace(options.content);
  container.bind(Directory).toConstantValue(directory);
  if (options.fakeRules !== false) container.bind(RuleEngine).toConstantValue(new FakeRuleEngine(directory));
  if (options.fakeAvatars !== false) container.bind(AvatarSource).toConstantValue(new FakeAvatarSource());
  for (const module of options.modules ?? []) container.loadSync(module);
  return {
    container,
    directory,
    logger,
    clock,
    presence: container.get<PresenceService>(PresenceService),
    hub: container.get<SubscriptionHub>(SubscriptionHub),
    lifecycle: container.get<Lifecycle>(Lifecycle),
  };
}
