/** UCWA's availability tokens, as web and mobile clients show them. */
export type AvailabilityToken = 'Online' | 'Busy' | 'DoNotDisturb' | 'BeRightBack' | 'Away' | 'Offline';

/**
 * A presence state as Lync/SfB expresses it: `code` is the aggregateState availability number
 * sent in msrtc `state` categories; `token` is the UCWA name; `label` is what a Lync user reads.
 */
export interface Availability {
  readonly code: number;
  readonly token: AvailabilityToken;
  readonly label: string;
}

/**
 * The six Lync availability bands, each at the representative value Lync clients publish.
 * Lync reads a whole band (e.g. 3000–4499 as Available); 0–2999 reads as "Presence unknown".
 */
export const Availability = Object.freeze({
  Available: Object.freeze({ code: 3500, token: 'Online', label: 'Available' }),
  Busy: Object.freeze({ code: 6500, token: 'Busy', label: 'Busy' }),
  DoNotDisturb: Object.freeze({ code: 9500, token: 'DoNotDisturb', label: 'Do Not Disturb' }),
  BeRightBack: Object.freeze({ code: 12500, token: 'BeRightBack', label: 'Be Right Back' }),
  Away: Object.freeze({ code: 15500, token: 'Away', label: 'Away' }),
  Offline: Object.freeze({ code: 18500, token: 'Offline', label: 'Offline' }),
} satisfies Record<string, Availability>);

const bands: ReadonlyArray<readonly [lowestCode: number, availability: Availability]> = [
  [18000, Availability.Offline],
  [15000, Availability.Away],
  [12000, Availability.BeRightBack],
  [9000, Availability.DoNotDisturb],
  [6000, Availability.Busy],
  [3000, Availability.Available],
];

/**
 * The band an aggregateState code falls in, or undefined for 0–2999 ("Presence unknown").
 * The idle sub-bands (4500–5999, 7500–8999) fold into Available and Busy.
 */
export function availabilityForCode(code: number): Availability | undefined {
  if (!Number.isFinite(code)) return undefined;
  for (const [lowest, availability] of bands) {
    if (code >= lowest) return availability;
  }
  return undefined;
}

/** The availability whose UCWA token is `token`, if any. */
export function availabilityForToken(token: string): Availability | undefined {
  return Object.values(Availability).find((a) => a.token === token);
}
