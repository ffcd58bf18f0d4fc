import { inject, injectable, named, optional } from 'inversify';
import { Directory } from '../directory/directory';
import { type NormalisedAlias, normaliseAlias } from '../domain/alias';
import { Availability } from '../domain/availability';
import { meetingServiceTitle } from '../domain/meeting-service';
import { type PresenceResolution, type PresenceView } from '../domain/presence-view';
import { ContributionProvider } from '../kernel/contribution-provider';
import { Logger } from '../kernel/logger';
import { NodeInfo } from '../kernel/node-info';
import { applyPresencePolicies } from './apply-presence-policies';
import { AvatarSource } from './avatar-source';
import { PresencePolicy } from './presence-policy';
import { type PresenceService, type ResolveContext } from './presence-service';
import { RuleEngine } from './rule-engine';

/** What a Lync contact card shows as the title of a gateway contact. */
export const gatewayContactTitle = 'Gateway contact';

/** The card title of a contact that only a presence policy gives presence to. */
const policyContactTitle = 'Contact';

/**
 * The default `PresenceService`. The rule engine and avatar source are optional, so that an
 * embedding product can publish services only; the trace then says what was not consulted.
 * Presence policies, when any are bound, have the last word.
 */
@injectable()
export class PresenceServiceImpl implements PresenceService {
  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(RuleEngine) @optional() private readonly rules: RuleEngine | undefined,
    @inject(AvatarSource) @optional() private readonly avatars: AvatarSource | undefined,
    @inject(NodeInfo) @optional() private readonly node: NodeInfo | undefined,
    @inject(ContributionProvider) @named(PresencePolicy) @optional()
    private readonly policies: ContributionProvider<PresencePolicy> | undefined,
    @inject(Logger) @optional() private readonly logger: Logger | undefined,
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
    const location = context.location ?? this.node?.location;
    const own = this.ownAnswer(alias, location, context, trace);

    const policies = this.policies?.getContributions() ?? [];
    if (policies.length === 0) return { input, presentity, ...(own === undefined ? {} : { view: own }), trace };
    const view = applyPresencePolicies(
      policies,
      {
        presentity,
        protocol: context.protocol ?? 'mssip',
        ...(location === undefined ? {} : { location }),
        view: own,
        viewForPolicy: (policy) => {
          const avatar = this.avatars?.avatarFor({ purpose: 'gateway' }, trace);
          return {
            presentity,
            availability: Availability.Available,
            displayName: presentity,
            note: '',
            title: policyContactTitle,
            ...(avatar === undefined ? {} : { avatar }),
            source: { kind: 'policy', policy },
          };
        },
      },
      trace,
      (policy, error) => this.logger?.error({ policy: policy.id, presentity, err: error }, `presence policy '${policy.id}' failed; its decision was skipped`),
    );
    return { input, presentity, ...(view === undefined ? {} : { view }), trace };
  }

  async prepare(input: string, context: ResolveContext = {}): Promise<void> {
    const policies = this.policies?.getContributions() ?? [];
    const parsed = normaliseAlias(input);
    if (policies.length === 0 || !parsed.ok) return;
    const location = context.location ?? this.node?.location;
    const request = { presentity: parsed.alias.key, protocol: context.protocol ?? 'mssip', ...(location === undefined ? {} : { location }) };
    await Promise.all(
      policies.map(async (policy) => {
        try {
          await policy.prepare?.(request);
        } catch (error) {
          this.logger?.warn({ policy: policy.id, presentity: request.presentity, err: error }, `presence policy '${policy.id}' failed to prepare`);
        }
      }),
    );
  }

  /** The directory's and the rules' answer, before any policy. */
  private ownAnswer(alias: NormalisedAlias, location: string | undefined, context: ResolveContext, trace: string[]): PresenceView | undefined {
    const presentity = alias.key;
    const snapshot = this.directory.current();
    const hit = snapshot.findServiceByAlias(presentity);
    if (hit !== undefined) {
      const { service } = hit;
      const kind = meetingServiceTitle[service.kind];
      if (service.enabled) {
        trace.push(`'${presentity}' is an alias of the ${kind} '${service.name}' (directory ${snapshot.version})`);
        const avatar = this.avatars?.avatarFor({ purpose: 'service', ...(service.theme === undefined ? {} : { theme: service.theme }) }, trace);
        return {
          presentity,
          availability: Availability.Available,
          displayName: service.name,
          note: service.description,
          title: kind,
          ...(avatar === undefined ? {} : { avatar }),
          source: { kind: 'service', service, alias: hit.alias },
        };
      }
      trace.push(`'${presentity}' is an alias of the ${kind} '${service.name}', which is disabled; trying gateway routing rules`);
    } else {
      trace.push(`no VMR or Virtual Auditorium has the alias '${presentity}' (directory ${snapshot.version})`);
    }

    if (this.rules === undefined) {
      trace.push('no rule engine is configured, so gateway routing rules were not consulted: no presence');
      return undefined;
    }
    const evaluation = this.rules.match(alias, { protocol: context.protocol ?? 'mssip', ...(location === undefined ? {} : { location }) });
    trace.push(...evaluation.trace);
    const match = evaluation.match;
    if (match === undefined) {
      trace.push('no gateway routing rule matched: no presence');
      return undefined;
    }
    const avatar = this.avatars?.avatarFor({ purpose: 'gateway', ...(match.rule.theme === undefined ? {} : { theme: match.rule.theme }) }, trace);
    return {
      presentity,
      availability: Availability.Available,
      displayName: presentity,
      note: '',
      title: gatewayContactTitle,
      ...(avatar === undefined ? {} : { avatar }),
      source: { kind: 'rule', rule: match.rule, groups: match.groups, namedGroups: match.namedGroups, replacedAlias: match.replacedAlias },
    };
  }
}
