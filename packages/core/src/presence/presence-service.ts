import { type IncomingProtocol } from '../domain/gateway-routing-rule';
import { type PresenceResolution } from '../domain/presence-view';

export interface ResolveContext {
  /** The protocol of the request; rules filter on it. Defaults to `mssip` (Lync/SfB). */
  readonly protocol?: IncomingProtocol;
  /** Overrides the node's location for `match_source_location`. */
  readonly location?: string;
}

export const PresenceService = Symbol.for('core.PresenceService');
/**
 * Answers "what does a watcher see for this alias, and why". Pure and in-memory: the
 * directory, the compiled rules and the avatar index are already loaded, so it is safe on
 * every request path.
 */
export interface PresenceService {
  /**
   * Resolves an alias or URI: normalise it; look it up among the services' aliases; otherwise
   * ask the routing rules; otherwise no presence. Never throws for bad input: the resolution
   * then has no view and its trace says why.
   */
  resolve(alias: string, context?: ResolveContext): PresenceResolution;
  /**
   * Lets every `PresencePolicy` fetch what it needs to answer for `alias` (each within its own
   * timeout), so that the next `resolve` reflects it. For callers that can wait: the CLI's
   * `herald resolve`, an embedder's request handler. Never rejects; resolves at once when no
   * policy is bound or the input is not an alias.
   */
  prepare(alias: string, context?: ResolveContext): Promise<void>;
}
