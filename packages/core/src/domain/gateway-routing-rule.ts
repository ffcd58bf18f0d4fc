import { type ThemeRef } from './theme';

/** The protocols a call (or a presence request) can arrive on, as routing rules filter them. */
export type IncomingProtocol = 'sip' | 'h323' | 'mssip' | 'webrtc' | 'teams';

export const incomingProtocols: readonly IncomingProtocol[] = ['sip', 'h323', 'mssip', 'webrtc', 'teams'];

/**
 * A gateway (call) routing rule, with the fields presence uses. A gateway contact is Available
 * when its alias is matched by the first rule, in priority order, that applies to it.
 */
export interface GatewayRoutingRule {
  /** Numeric id as on the conferencing platform, when known. */
  readonly id?: number;
  /** Unique. */
  readonly name: string;
  readonly description: string;
  /** 1–200; lower is tried first. */
  readonly priority: number;
  readonly enabled: boolean;
  /** Must be set for the rule to apply to incoming requests (presence is one). */
  readonly matchIncomingCalls: boolean;
  /** Which incoming protocols the rule applies to; Lync/SfB presence needs `mssip`. */
  readonly incomingProtocols: Readonly<Record<IncomingProtocol, boolean>>;
  /** Applies only to devices registered to the platform; never true for Lync watchers. */
  readonly matchIncomingOnlyIfRegistered: boolean;
  /** Location name the handling node must be in; undefined matches any location. */
  readonly sourceLocation?: string;
  /** Destination alias regex, Python `re` dialect, case-insensitive, full match. */
  readonly matchString: string;
  /** Match the full, unparsed URI instead of the normalised `user@host` alias. */
  readonly matchStringFull: boolean;
  /** Python-style replacement (`\1`, `\g<name>`); empty leaves the alias unchanged. */
  readonly replaceString: string;
  /** The rule's own theme, used for gateway avatars when the node is configured to. */
  readonly theme?: ThemeRef;
  readonly tag: string;
  /** Where the rule came from, for traces and errors: `config/example.yaml#gateway_routing_rules[2]`. */
  readonly origin?: string;
}
