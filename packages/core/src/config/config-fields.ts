import { z } from 'zod';

/**
 * Field schemas that several configuration sections share, so that a secret or a count reads
 * and fails the same way in every section.
 */

/** A whole number in [min, max], with a message that says so. */
export function wholeNumberBetween(min: number, max: number, unit = ''): z.ZodNumber {
  const message = `must be a whole number between ${min} and ${max}${unit}`;
  return z.number().int(message).min(min, message).max(max, message);
}

/**
 * A secret (`what` names it: password, token, secret): text of at least 16 characters. The
 * messages never repeat the value, as zod's own messages for a wrong type would, so that a
 * misconfigured secret does not end up in a log or a terminal.
 */
export function secretText(what: string): z.ZodType<string, unknown> {
  return z.unknown().transform((value, context) => {
    const problem =
      value === undefined
        ? 'is required: text of at least 16 characters'
        : typeof value !== 'string'
          ? `must be text (quote it in YAML); the ${what} itself is not shown here`
          : value.length < 16
            ? `must be at least 16 characters long; the ${what} itself is not shown here`
            : undefined;
    if (problem === undefined) return value as string;
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });
}

/** The name of an account, token or client in a configuration file. */
export const accountName = z.string().min(1).max(100).regex(/^[\w.@-]+$/, 'may hold only letters, digits and . _ @ -');

/** An authentication realm, sent back in `WWW-Authenticate`: one line, no quotes or backslashes. */
export function authRealm(defaultRealm: string) {
  return z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^"\\\r\n]+$/, 'may not hold quotes, backslashes or line breaks (it is sent in a header)')
    .default(defaultRealm);
}
