import { ContainerModule, DirectoryValidator, LifecycleContribution, RuleEngine } from '@herald/core';
import { RuleEngineImpl, RulesOptions } from './rule-engine-impl';
import { RuleRegexValidator } from './rule-regex-validator';

/** The RE2 rule engine as the node's `RuleEngine`, with its lifecycle and directory validator. */
export function createRulesModule(options: RulesOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(RulesOptions).toConstantValue(options);
    bind(RuleEngineImpl).toSelf().inSingletonScope();
    bind(RuleEngine).toService(RuleEngineImpl);
    bind(LifecycleContribution).toService(RuleEngineImpl);
    bind(RuleRegexValidator).toSelf().inSingletonScope();
    bind(DirectoryValidator).toService(RuleRegexValidator);
  });
}
