import { z } from 'zod';
import { Availability, type PresencePolicyDecision } from '@herald/core';

/**
 * What the policy service answers, as JSON:
 * - `{"presence": "continue"}`: Herald's own answer stands;
 * - `{"presence": "none", "reason": "…"}`: no presence (Lync shows "Presence unknown");
 * - `{"presence": "set", "availability": "busy", "note": "…", "display_name": "…", "activity": "…"}`.
 */
const answerSchema = z.discriminatedUnion('presence', [
  z.object({ presence: z.literal('continue'), reason: z.string().max(200).optional() }),
  z.object({ presence: z.literal('none'), reason: z.string().max(200).optional() }),
  z.object({
    presence: z.literal('set'),
    availability: z.string(),
    note: z.string().max(1024).optional(),
    display_name: z.string().min(1).max(256).optional(),
    activity: z.string().max(64).optional(),
    reason: z.string().max(200).optional(),
  }),
]);

/** Availability names the service may use: Lync's labels and UCWA's tokens, any case. */
const availabilityNames = new Map<string, Availability>(
  Object.values(Availability).flatMap((a) => [
    [a.label.toLowerCase().replace(/\s+/g, ''), a],
    [a.token.toLowerCase(), a],
  ]),
);

export type ParsedAnswer = { readonly ok: true; readonly decision: PresencePolicyDecision } | { readonly ok: false; readonly problem: string };

/** Turns the service's JSON into a decision, or says what was wrong with it. */
export function parsePolicyAnswer(body: unknown, service: string): ParsedAnswer {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: `the policy service sent ${JSON.stringify(body)?.slice(0, 120)}, not {"presence": "continue" | "none" | "set", …}` };
  const answer = parsed.data;
  const because = (fallback: string) => `${service}: ${answer.reason ?? fallback}`;
  switch (answer.presence) {
    case 'continue':
      return { ok: true, decision: { action: 'continue', reason: because('continue') } };
    case 'none':
      return { ok: true, decision: { action: 'reject', reason: because('no presence') } };
    case 'set': {
      const availability = availabilityNames.get(answer.availability.toLowerCase().replace(/\s+/g, ''));
      if (availability === undefined) {
        return { ok: false, problem: `the policy service sent the availability '${answer.availability}'; known: ${[...availabilityNames.keys()].join(', ')}` };
      }
      return {
        ok: true,
        decision: {
          action: 'set',
          availability,
          reason: because(availability.label.toLowerCase()),
          ...(answer.note === undefined ? {} : { note: answer.note }),
          ...(answer.display_name === undefined ? {} : { displayName: answer.display_name }),
          ...(answer.activity === undefined ? {} : { activity: answer.activity }),
        },
      };
    }
  }
}
