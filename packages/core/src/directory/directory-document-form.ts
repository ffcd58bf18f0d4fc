import { isAbsolute, relative, sep } from 'node:path';
import { type GatewayRoutingRule } from '../domain/gateway-routing-rule';
import { type MeetingService } from '../domain/meeting-service';
import { type DirectoryContent } from './directory-snapshot';

export interface DirectoryDocumentFormOptions {
  /** Theme paths inside this folder are written relative to it, as an operator would. */
  readonly baseDir?: string;
  /**
   * `full` writes every field; `minimal` leaves out fields at their default and empty sections,
   * as a person writes the file.
   */
  readonly form?: 'full' | 'minimal';
}

type Fields = Record<string, unknown>;

/**
 * The document form of directory content (YAML/JSON keys as `parseDirectoryDocument` reads
 * them): the inverse of that function, so `parseDirectoryDocument(directoryContentToDocument(c))`
 * gives back `c` (rule origins aside). Stores persist content in this form.
 */
export function directoryContentToDocument(content: DirectoryContent, options: DirectoryDocumentFormOptions = {}): Fields {
  const minimal = options.form === 'minimal';
  const omit = (fields: Fields, defaults: Fields): Fields => {
    if (!minimal) return fields;
    return Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && !(key in defaults && defaults[key] === value)));
  };
  const defined = (fields: Fields): Fields => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const path = (p: string) => {
    if (options.baseDir === undefined || !isAbsolute(p)) return p;
    const within = relative(options.baseDir, p);
    return within === '' || within.startsWith('..') || isAbsolute(within) ? p : within.split(sep).join('/');
  };

  const document: Fields = {};
  if (content.defaultTheme !== undefined) document.default_theme = content.defaultTheme;
  if (!minimal || content.themes.length > 0) document.themes = content.themes.map((t) => defined({ name: t.name, id: t.id, path: path(t.path) }));
  if (!minimal || content.services.length > 0) document.services = content.services.map((s) => omit(serviceFields(s, minimal), serviceDefaults));
  if (!minimal || content.rules.length > 0) document.gateway_routing_rules = content.rules.map((r) => omit(ruleFields(r), gatewayRoutingRuleDefaults));
  return document;
}

const serviceDefaults: Fields = { kind: 'vmr', description: '', tag: '', enable: true };
/**
 * The value a gateway routing rule's field takes when the document leaves it out, as on the
 * platform (its API and UI). The fields without a default (name, priority, match_string) and the
 * nullable references (match_source_location, ivr_theme) are not listed.
 */
export const gatewayRoutingRuleDefaults: Readonly<Record<string, unknown>> = Object.freeze({
  description: '',
  enable: true,
  match_incoming_calls: true,
  match_incoming_sip: true,
  match_incoming_h323: true,
  match_incoming_mssip: true,
  match_incoming_webrtc: true,
  match_incoming_teams: false,
  match_incoming_only_if_registered: false,
  match_string_full: false,
  replace_string: '',
  tag: '',
});

function serviceFields(s: MeetingService, minimal: boolean): Fields {
  return {
    name: s.name,
    id: s.id,
    kind: s.kind,
    description: s.description,
    ivr_theme: s.theme,
    tag: s.tag,
    enable: s.enabled,
    // A bare alias reads best in a file; an alias with an id or a description needs its fields.
    aliases: s.aliases.map((a) =>
      minimal && a.id === undefined && a.description === '' ? a.alias : { ...(a.id === undefined ? {} : { id: a.id }), alias: a.alias, description: a.description },
    ),
  };
}

function ruleFields(r: GatewayRoutingRule): Fields {
  return {
    name: r.name,
    id: r.id,
    description: r.description,
    priority: r.priority,
    enable: r.enabled,
    match_incoming_calls: r.matchIncomingCalls,
    match_incoming_sip: r.incomingProtocols.sip,
    match_incoming_h323: r.incomingProtocols.h323,
    match_incoming_mssip: r.incomingProtocols.mssip,
    match_incoming_webrtc: r.incomingProtocols.webrtc,
    match_incoming_teams: r.incomingProtocols.teams,
    match_incoming_only_if_registered: r.matchIncomingOnlyIfRegistered,
    match_source_location: r.sourceLocation,
    match_string: r.matchString,
    match_string_full: r.matchStringFull,
    replace_string: r.replaceString,
    ivr_theme: r.theme,
    tag: r.tag,
  };
}
