export { FakeClock } from './fake-clock';
export { RecordingLogger, type LogLine, type LogLevel } from './recording-logger';
export { FakeRuleEngine } from './fake-rule-engine';
export { FakeAvatarSource } from './fake-avatar-source';
export { RecordingWatcher } from './recording-watcher';
export { RecordingSubscriptionHub } from './recording-subscription-hub';
export { aService, aRule, aTheme, directoryContent } from './fixtures';
export { createTestNode, type TestNodeOptions } from './test-node';
