import { type FastifyInstance } from 'fastify';
import { type Directory, incomingProtocols, type IncomingProtocol } from '@herald/core';
import { type AdminRuleTester } from '../admin-rule-tester';
import { ApiError, FieldErrorCollector } from '../resources/api-error';
import { FieldReader } from '../resources/field-reader';
import { readLocation } from '../resources/rule-resource';

export interface RulesTestContext {
  readonly directory: Directory;
  readonly tester: AdminRuleTester | undefined;
  /** Most aliases one request may test. */
  readonly maxAliases: number;
}

/**
 * `POST /api/admin/rules/test`: `{"aliases": [...]}` (or `"alias"`) tested against the
 * directory's rules, for `protocol` (default mssip, as Lync asks) and `location`; or, with
 * `match_string` (and `replace_string`, `match_string_full`), against that one regex, as the
 * platform's regular-expression tester does. Read-only accounts may use it.
 */
export function registerRulesTestRoute(scope: FastifyInstance, context: RulesTestContext): void {
  scope.post('/rules/test', async (request) => {
    const tester = context.tester;
    if (tester === undefined) throw ApiError.message(501, 'This node has no rule tester.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw ApiError.message(400, 'The body must be a JSON object.');
    const errors = new FieldErrorCollector();
    const aliases = body.aliases ?? (body.alias === undefined ? undefined : [body.alias]);
    if (!Array.isArray(aliases) || aliases.length === 0 || !aliases.every((a) => typeof a === 'string')) errors.add('aliases', 'Give "alias" (text) or "aliases" (a list of text).');
    else if (aliases.length > context.maxAliases) errors.add('aliases', `At most ${context.maxAliases} aliases per request.`);
    const protocol = body.protocol ?? 'mssip';
    if (typeof protocol !== 'string' || !(incomingProtocols as readonly string[]).includes(protocol)) errors.add('protocol', `Must be one of ${incomingProtocols.join(', ')}.`);
    const location = readLocation(body.location, errors);
    const read = new FieldReader({ replace_string: '', match_string_full: false, ...body }, errors);
    const adHoc = body.match_string !== undefined;
    const matchString = adHoc ? read.text('match_string', { max: 250, required: true }) : '';
    const replaceString = adHoc ? read.text('replace_string', { max: 250 }) : '';
    const matchStringFull = adHoc ? read.bool('match_string_full') : false;
    errors.throwIfAny('rules_test');
    return tester.test(
      {
        aliases: aliases as string[],
        protocol: protocol as IncomingProtocol,
        ...(location === undefined ? {} : { location }),
        ...(adHoc
          ? {
              rules: [
                {
                  name: 'match_string',
                  description: '',
                  priority: 1,
                  enabled: true,
                  matchIncomingCalls: true,
                  incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: true },
                  matchIncomingOnlyIfRegistered: false,
                  matchString,
                  matchStringFull,
                  replaceString,
                  tag: '',
                },
              ],
            }
          : {}),
      },
      context.directory.current(),
    );
  });
}
