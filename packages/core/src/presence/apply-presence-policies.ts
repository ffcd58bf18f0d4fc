import { type PresenceView } from '../domain/presence-view';
import { type PresencePolicy, type PresencePolicyDecision, type PresencePolicyRequest } from './presence-policy';

/** What the policies are applied to: Herald's own answer and how to make a view from nothing. */
export interface PolicyInput extends Omit<PresencePolicyRequest, 'view'> {
  readonly view: PresenceView | undefined;
  /** Builds the base of a view for an alias only a policy gives presence to (avatar etc.). */
  readonly viewForPolicy: (policyId: string) => PresenceView;
}

/**
 * Runs `policies` in order over Herald's own answer and returns the final view. Each decision
 * is recorded in `trace`; a policy that throws is reported there (and through `onError`) and
 * treated as `continue`, so one faulty policy cannot take presence away from everyone.
 */
export function applyPresencePolicies(
  policies: readonly PresencePolicy[],
  input: PolicyInput,
  trace: string[],
  onError: (policy: PresencePolicy, error: unknown) => void,
): PresenceView | undefined {
  let view = input.view;
  for (const policy of policies) {
    let decision: PresencePolicyDecision;
    try {
      decision = policy.decide({ presentity: input.presentity, protocol: input.protocol, ...(input.location === undefined ? {} : { location: input.location }), view });
    } catch (error) {
      onError(policy, error);
      trace.push(`presence policy '${policy.id}' failed (${error instanceof Error ? error.message : String(error)}); the answer so far stands`);
      continue;
    }
    switch (decision.action) {
      case 'continue':
        trace.push(`presence policy '${policy.id}': no change${decision.reason === undefined ? '' : ` (${decision.reason})`}`);
        break;
      case 'reject':
        trace.push(`presence policy '${policy.id}': no presence (${decision.reason})`);
        view = undefined;
        break;
      case 'set': {
        const base = view ?? input.viewForPolicy(policy.id);
        view = {
          ...base,
          availability: decision.availability,
          ...(decision.activity === undefined ? {} : { activity: decision.activity }),
          ...(decision.displayName === undefined ? {} : { displayName: decision.displayName }),
          ...(decision.note === undefined ? {} : { note: decision.note }),
          ...(decision.title === undefined ? {} : { title: decision.title }),
        };
        trace.push(`presence policy '${policy.id}': ${decision.availability.label} (${decision.reason})`);
        break;
      }
    }
  }
  return view;
}
