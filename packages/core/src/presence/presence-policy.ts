import { type Availability } from '../domain/availability';
import { type IncomingProtocol } from '../domain/gateway-routing-rule';
import { type PresenceView } from '../domain/presence-view';
import { type Event } from '../kernel/emitter';

/** What a presence policy is asked about: one alias, after Herald's own resolution. */
export interface PresencePolicyRequest {
  /** The normalised alias (the presentity key). */
  readonly presentity: string;
  /** The request's protocol (`mssip` unless the caller said otherwise). */
  readonly protocol: IncomingProtocol;
  /** The handling node's location, when known (the caller's, or the node's own). */
  readonly location?: string;
  /**
   * Herald's answer so far: from the directory and the rules, then from any policy bound
   * before this one. Undefined means no presence so far.
   */
  readonly view: PresenceView | undefined;
}

/**
 * A policy's answer. `continue` keeps the answer so far; `reject` removes presence (Lync shows
 * "Presence unknown"); `set` gives the alias presence with this state, keeping the other fields
 * of the view so far (or, when there was none, making a view whose source is the policy).
 */
export type PresencePolicyDecision =
  | {
      readonly action: 'continue';
      /** Shown in the trace when given, e.g. "no cached answer yet". */
      readonly reason?: string;
    }
  | {
      readonly action: 'reject';
      /** Shown in the trace, e.g. "the policy service says: room decommissioned". */
      readonly reason: string;
    }
  | {
      readonly action: 'set';
      readonly reason: string;
      readonly availability: Availability;
      readonly activity?: string;
      readonly displayName?: string;
      readonly note?: string;
      readonly title?: string;
    };

export const PresencePolicy = Symbol.for('core.PresencePolicy');
/**
 * A contribution that may change or veto Herald's answer for an alias, e.g. by asking an
 * external policy service. Several policies run in binding order (the host's module and
 * plugin order); each sees the answer left by the ones before it.
 *
 * Error handling: a `decide` that throws is logged and counts as `continue`; the trace says so.
 * A `prepare` that rejects is logged and ignored.
 */
export interface PresencePolicy {
  /** Stable identifier used in traces and logs, e.g. `'acme.http-presence-policy'`. */
  readonly id: string;
  /**
   * Called synchronously by `PresenceService.resolve` for every input that is an alias, after
   * the directory, the rules and the avatar were consulted. It must not block or do I/O: it
   * answers from memory (a cache) and may start background work to learn a better answer,
   * then fire `onDidChange`.
   */
  decide(request: PresencePolicyRequest): PresencePolicyDecision;
  /**
   * Called by `PresenceService.prepare`, by callers that can wait before they resolve (the
   * CLI's `herald resolve`; an embedder's request handler), so that the next `decide` for this
   * alias answers from fresh knowledge. It may do I/O but must settle within a bounded time
   * of its own (a timeout); it should not reject.
   */
  prepare?(request: Omit<PresencePolicyRequest, 'view'>): Promise<void>;
  /**
   * Fires with the presentities whose decision may have changed (e.g. an answer arrived or
   * expired). The core re-resolves those that are watched and notifies their watchers.
   */
  readonly onDidChange?: Event<readonly string[]>;
}
