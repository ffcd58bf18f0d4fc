export { FakeClock } from './fake-clock';
export { RecordingLogger, type LogLine, type LogLevel } from './recording-logger';
export { FakeRuleEngine } from './fake-rule-engine';
export { FakeAvatarSource } from './fake-avatar-source';
export { RecordingWatcher } from './recording-watcher';
export { RecordingSubscriptionHub } from './recording-subscription-hub';
export { aService, aRule, aTheme, directoryContent } from './fixtures';
export { createTestNode, type TestNodeOptions } from './test-node';
export { TrackingClock } from './tracking-clock';

// SIP test clients and the SipStack contract suite
export { type SipTestPeer, sipFilters } from './sip/sip-test-peer';
export { sipRequestText, randomToken, type SipRequestSpec, type BuiltSipRequest } from './sip/sip-request-text';
export { MessageQueue } from './sip/message-queue';
export { createUdpSipTestPeer, createStreamSipTestPeer, type SipStackAddress } from './sip/socket-sip-peers';
export {
  describeSipStackContract,
  contractCapabilities,
  type SipStackContractFixture,
  type SipStackContractSetup,
  type SipStackContractFeatures,
  type ContractRun,
} from './sip/sip-stack-contract';
export { sipTortureCases, sipTortureCorpusDir, tortureParserStatus, type SipTortureCase } from './sip/torture-corpus';
export { seededRandom, mutateSipMessage } from './sip/sip-mutations';
export { collectGarbage } from './collect-garbage';
export { FakeSipStack, FakeDialog, type RecordedNotify, type RecordedResponse, type RecordingRequest, type RecordingSubscribe } from './sip/fake-sip-stack';
export { fakeSipRequest, type FakeRequestInit } from './sip/fake-sip-request';

// A private redis-server for tests of the Redis directory store
export { RedisServerProcess, type RedisServerOptions } from './redis-server';
