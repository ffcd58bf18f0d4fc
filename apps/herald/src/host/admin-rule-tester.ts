import { AdminRuleTester, type RuleTestRequest } from '@herald/admin-api';
import { ContainerModule, type DirectorySnapshot, inject, injectable } from '@herald/core';
import { RuleEngineImpl, RuleIndex, testAliases } from '@herald/rules';

/**
 * The management API's rule tester, the one `herald rules test` runs: the directory's rules
 * through the node's compiled index (never rebuilt per request: 10,000 rules take half a
 * second to compile), or a regex from the request through an index of its own.
 */
@injectable()
export class RulesAdminTester implements AdminRuleTester {
  constructor(@inject(RuleEngineImpl) private readonly engine: RuleEngineImpl) {}

  test(request: RuleTestRequest, snapshot: DirectorySnapshot): unknown {
    const index = request.rules === undefined ? this.engine.current() : RuleIndex.build(request.rules, 'request');
    const context = { protocol: request.protocol, ...(request.location === undefined ? {} : { location: request.location }) };
    // Services take precedence over rules, as in a lookup; a regex on trial is tested alone.
    const serviceFor = (key: string) => {
      if (request.rules !== undefined) return undefined;
      const hit = snapshot.findServiceByAlias(key);
      return hit?.service.enabled ? hit.service.name : undefined;
    };
    return { version: index.version, context, results: testAliases(index, request.aliases, context, serviceFor) };
  }
}

/** Binds the tester for the management API; load it with the rules and admin API modules. */
export function createAdminRuleTesterModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(RulesAdminTester).toSelf().inSingletonScope();
    bind(AdminRuleTester).toService(RulesAdminTester);
  });
}
