import { type ThemeRef } from './theme';

/** The services that publish presence: Virtual Meeting Rooms and Virtual Auditoriums. */
export type MeetingServiceKind = 'vmr' | 'virtual-auditorium';

/** What a Lync contact card shows as a service's title. */
export const meetingServiceTitle: Readonly<Record<MeetingServiceKind, string>> = {
  vmr: 'Virtual Meeting Room',
  'virtual-auditorium': 'Virtual Auditorium',
};

/** One dial string of a service, e.g. `meet.alice@vc.example.com`. */
export interface ServiceAlias {
  /** Numeric id as on the conferencing platform (its `conference_alias` id), when known. */
  readonly id?: number;
  /** As configured. Lookups compare its normalised form (see `normaliseAlias`). */
  readonly alias: string;
  readonly description: string;
}

/** A Virtual Meeting Room or Virtual Auditorium. */
export interface MeetingService {
  /** Numeric id as on the conferencing platform, when known. */
  readonly id?: number;
  readonly kind: MeetingServiceKind;
  /** Unique; the contact's display name. */
  readonly name: string;
  /** Shown as the contact's note and on its card. */
  readonly description: string;
  readonly aliases: readonly ServiceAlias[];
  /** The service's theme; undefined means the global default theme. */
  readonly theme?: ThemeRef;
  /** The platform's usage-tracking tag; carried, not interpreted. */
  readonly tag: string;
  /** A disabled service publishes no presence; its aliases fall through to the rules. */
  readonly enabled: boolean;
}
