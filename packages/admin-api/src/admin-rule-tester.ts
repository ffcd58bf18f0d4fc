import { type DirectorySnapshot, type GatewayRoutingRule, type IncomingProtocol } from '@herald/core';

/** What `POST /api/admin/rules/test` asks. */
export interface RuleTestRequest {
  readonly aliases: readonly string[];
  readonly protocol: IncomingProtocol;
  /** The handling node's location, for `match_source_location`. */
  readonly location?: string;
  /** Rules to test instead of the directory's (e.g. one regex being written). */
  readonly rules?: readonly GatewayRoutingRule[];
}

export const AdminRuleTester = Symbol.for('admin-api.AdminRuleTester');
/**
 * The rule tester behind `POST /api/admin/rules/test`, the same one `herald rules test` runs.
 * The host binds it (the rule engine is not the API's to import); without it the route answers
 * 501. Called per request, off the presence path; must not throw for a bad alias or regex, but
 * report it in its results.
 */
export interface AdminRuleTester {
  /** For each alias: full, partial or no match per rule, groups, replaced alias, the winner. */
  test(request: RuleTestRequest, snapshot: DirectorySnapshot): unknown;
}
