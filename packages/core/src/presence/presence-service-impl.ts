import { inject, injectable, optional } from 'inversify';
import { Directory } from '../directory/directory';
import { normaliseAlias } from '../domain/alias';
import { Availability } from '../domain/availability';
import { meetingServiceTitle } from '../domain/meeting-service';
import { type PresenceResolution, type PresenceView } from '../domain/presence-view';
import { NodeInfo } from '../kernel/node-info';
import { AvatarSource } from './avatar-source';
import { type PresenceService, type ResolveContext } from './presence-service';
import { RuleEngine } from './rule-engine';

/** What a Lync contact card shows as the title of a gateway contact. */
export const gatewayContactTitle = 'Gateway contact';

/**
 * The default `PresenceService`. The rule engine and avatar source are optional, so that an
 * embedding product can publish services only; the trace then says what was not consulted.
 */
@injectable()
export class PresenceServiceImpl implements PresenceService {
  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(RuleEngine) @optional() private readonly rules: RuleEngine | undefined,
    @inject(AvatarSource) @optional() private readonly avatars: AvatarSource | undefined,
    @inject(NodeInfo) @optional() private readonly node: NodeInfo | undefined,
  ) {}

  resolve(input: string, context: ResolveContext = {}): PresenceResolution {
    const trace: string[] = [];
    const parsed = normaliseAlias(input);
    if (!parsed.ok) {
      trace.push(`'${input}' is not an alias: it is ${parsed.reason}`);
      return { input, trace };
    }
    const alias = parsed.alias;
    const presentity = alias.key;
    if (presentity !== input) trace.push(`normalised '${input}' to '${presentity}'`);

    const snapshot = this.directory.current();
    const hit = snapshot.findServiceByAlias(presentity);
    if (hit !== undefined) {
      const { service } = hit;
      const kind = meetingServiceTitle[service.kind];
      if (service.enabled) {
        trace.push(`'${presentity}' is an alias of the ${kind} '${service.name}' (directory ${snapshot.version})`);
        const avatar = this.avatars?.avatarFor({ purpose: 'service', ...(service.theme === undefined ? {} : { theme: service.theme }) }, trace);
        const view: PresenceView = {
          presentity,
          availability: Availability.Available,
          displayName: service.name,
          note: service.description,
          title: kind,
          ...(avatar === undefined ? {} : { avatar }),
          source: { kind: 'service', service, alias: hit.alias },
        };
        return { input, presentity, view, trace };
      }
      trace.push(`'${presentity}' is an alias of the ${kind} '${service.name}', which is disabled; trying gateway routing rules`);
    } else {
      trace.push(`no VMR or Virtual Auditorium has the alias '${presentity}' (directory ${snapshot.version})`);
    }

    if (this.rules === undefined) {
      trace.push('no rule engine is configured, so gateway routing rules were not consulted: no presence');
      return { input, presentity, trace };
    }
    const location = context.location ?? this.node?.location;
    const evaluation = this.rules.match(alias, { protocol: context.protocol ?? 'mssip', ...(location === undefined ? {} : { location }) });
    trace.push(...evaluation.trace);
    const match = evaluation.match;
    if (match === undefined) {
      trace.push('no gateway routing rule matched: no presence');
      return { input, presentity, trace };
    }
    const avatar = this.avatars?.avatarFor({ purpose: 'gateway', ...(match.rule.theme === undefined ? {} : { theme: match.rule.theme }) }, trace);
    const view: PresenceView = {
      presentity,
      availability: Availability.Available,
      displayName: presentity,
      note: '',
      title: gatewayContactTitle,
      ...(avatar === undefined ? {} : { avatar }),
      source: { kind: 'rule', rule: match.rule, groups: match.groups, namedGroups: match.namedGroups, replacedAlias: match.replacedAlias },
    };
    return { input, presentity, view, trace };
  }
}
