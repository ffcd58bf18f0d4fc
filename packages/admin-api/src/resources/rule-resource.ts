/* eslint-disable no-restricted-syntax -- these objects are the platform's JSON, which says null for "no related object" and "no other page" */
import { gatewayRoutingRuleDefaults } from '@herald/core';
import { ApiError, FieldErrorCollector } from './api-error';
import { FieldReader } from './field-reader';
import { type IdentifiedContent, type IdentifiedRule, nextId } from './identified-content';
import { readRelated, resourceUri } from './related';
import { type JsonObject, type ResourceKind, type WriteOutcome } from './resource-kind';
import { readThemeRef, themeFor } from './theme-refs';

/** The platform's defaults for a new rule (its Terraform provider's, which match its UI): core's, and no location or theme. */
export const ruleDefaults: JsonObject = { ...gatewayRoutingRuleDefaults, match_source_location: null, ivr_theme: null };

const flags = ['match_incoming_sip', 'match_incoming_h323', 'match_incoming_mssip', 'match_incoming_webrtc', 'match_incoming_teams'] as const;

export function ruleJson(rule: IdentifiedRule, content: IdentifiedContent): JsonObject {
  const theme = themeFor(content, rule.theme);
  return {
    description: rule.description,
    enable: rule.enabled,
    id: rule.id,
    ivr_theme: theme === undefined ? null : resourceUri('ivr_theme', theme.id),
    match_incoming_calls: rule.matchIncomingCalls,
    match_incoming_h323: rule.incomingProtocols.h323,
    match_incoming_mssip: rule.incomingProtocols.mssip,
    match_incoming_only_if_registered: rule.matchIncomingOnlyIfRegistered,
    match_incoming_sip: rule.incomingProtocols.sip,
    match_incoming_teams: rule.incomingProtocols.teams,
    match_incoming_webrtc: rule.incomingProtocols.webrtc,
    // Herald knows locations by name (`node.location`), not as system_location objects.
    match_source_location: rule.sourceLocation ?? null,
    match_string: rule.matchString,
    match_string_full: rule.matchStringFull,
    name: rule.name,
    priority: rule.priority,
    replace_string: rule.replaceString,
    resource_uri: resourceUri('gateway_routing_rule', rule.id),
    tag: rule.tag,
  };
}

/**
 * The location a rule is limited to: a name, an object with a `name`, or a system_location URI
 * whose last segment is a name. The platform's numeric location ids mean nothing to Herald.
 */
export function readLocation(value: unknown, errors: FieldErrorCollector): string | undefined {
  const ref = readRelated(value, 'system_location', { allowName: true });
  if (ref.kind === 'none') return undefined;
  if (ref.kind === 'name') {
    if (ref.name.length > 250) errors.add('match_source_location', 'Ensure this value has at most 250 characters.');
    return ref.name;
  }
  errors.add(
    'match_source_location',
    ref.kind === 'id' ? `Herald knows locations by name (node.location), not by id; give the location's name instead of ${resourceUri('system_location', ref.id)}.` : ref.message,
  );
  return undefined;
}

export function readRule(fields: JsonObject, content: IdentifiedContent, id: number): IdentifiedRule {
  const errors = new FieldErrorCollector();
  const read = new FieldReader(fields, errors);
  const name = read.text('name', { max: 250, required: true });
  const description = read.text('description', { max: 250 });
  const priority = read.int('priority', { min: 1, max: 200 });
  const enabled = read.bool('enable');
  const matchIncomingCalls = read.bool('match_incoming_calls');
  const [sip, h323, mssip, webrtc, teams] = flags.map((flag) => read.bool(flag));
  const matchIncomingOnlyIfRegistered = read.bool('match_incoming_only_if_registered');
  const sourceLocation = readLocation(fields.match_source_location, errors);
  const matchString = read.text('match_string', { max: 250, required: true });
  const matchStringFull = read.bool('match_string_full');
  const replaceString = read.text('replace_string', { max: 250 });
  const theme = readThemeRef(fields.ivr_theme, content, 'ivr_theme', errors);
  const tag = read.text('tag', { max: 250 });
  errors.throwIfAny('gateway_routing_rule');
  return {
    id,
    name,
    description,
    priority,
    enabled,
    matchIncomingCalls,
    incomingProtocols: { sip, h323, mssip, webrtc, teams },
    matchIncomingOnlyIfRegistered,
    ...(sourceLocation === undefined ? {} : { sourceLocation }),
    matchString,
    matchStringFull,
    replaceString,
    ...(theme === undefined ? {} : { theme }),
    tag,
  };
}

/** Rules without the origin of the file they were read from: a written rule has a new one. */
const withoutOrigin = ({ origin: _origin, ...rule }: IdentifiedRule): IdentifiedRule => rule;

export const gatewayRoutingRuleResource: ResourceKind = {
  name: 'gateway_routing_rule',
  filters: ['name', 'priority', 'enable'],
  // The platform lists rules in the order they are tried.
  list: (content) => [...content.rules].sort((a, b) => a.priority - b.priority || a.id - b.id).map((r) => ruleJson(r, content)),
  one: (content, id) => {
    const rule = content.rules.find((r) => r.id === id);
    return rule === undefined ? undefined : ruleJson(rule, content);
  },
  create(content, body): WriteOutcome {
    const id = nextId(content.rules.map((r) => r.id));
    const rule = readRule({ ...ruleDefaults, ...body }, content, id);
    return { id, content: { ...content, rules: [...content.rules.map(withoutOrigin), rule] } };
  },
  update(content, id, body, partial): WriteOutcome {
    const current = content.rules.find((r) => r.id === id);
    if (current === undefined) throw ApiError.notFound('gateway_routing_rule', String(id));
    const rule = readRule({ ...(partial ? ruleJson(current, content) : ruleDefaults), ...body }, content, id);
    return { id, content: { ...content, rules: content.rules.map((r) => (r.id === id ? rule : withoutOrigin(r))) } };
  },
  remove(content, id): WriteOutcome {
    if (!content.rules.some((r) => r.id === id)) throw ApiError.notFound('gateway_routing_rule', String(id));
    return { id, content: { ...content, rules: content.rules.filter((r) => r.id !== id).map(withoutOrigin) } };
  },
};
