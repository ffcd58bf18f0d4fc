import { checkRequest, parseSipDatagram, type SipRequest } from '@herald/sip-stack';

export interface FakeRequestInit {
  readonly method?: string;
  readonly uri: string;
  readonly from?: string;
  readonly fromTag?: string;
  readonly to?: string;
  readonly toTag?: string;
  readonly callId?: string;
  readonly cseq?: number;
  /** Extra header lines, e.g. `[['Event', 'presence'], ['Accept', 'application/pidf+xml']]`. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string;
}

let counter = 0;

/**
 * A request as a transport delivers it to a handler, for the tests of the adapter: written as
 * wire text and read by the real parser, so header semantics (compact forms, lists, quoting,
 * name-addr) are the transports'.
 * @throws Error when the parser finds the request malformed (a mistake in the test).
 */
export function fakeSipRequest(init: FakeRequestInit): SipRequest {
  const method = init.method ?? 'SUBSCRIBE';
  const n = ++counter;
  const body = Buffer.from(init.body ?? '', 'utf8');
  const lines = [
    `${method} ${init.uri} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-fake-${n};rport`,
    `From: <${init.from ?? 'sip:bob@contoso.com'}>;tag=${init.fromTag ?? `from-${n}`}`,
    `To: <${init.to ?? init.uri}>${init.toTag === undefined ? '' : `;tag=${init.toTag}`}`,
    `Call-ID: ${init.callId ?? `call-${n}@test`}`,
    `CSeq: ${init.cseq ?? 1} ${method}`,
    'Contact: <sip:watcher@127.0.0.1:5099>',
    'Max-Forwards: 70',
    ...(init.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    '',
    '',
  ];
  const parsed = parseSipDatagram(Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]));
  if (typeof parsed === 'string') throw new Error(`fakeSipRequest wrote something unparsable: ${parsed}`);
  checkRequest(parsed);
  if (parsed.problem !== undefined) throw new Error(`fakeSipRequest wrote a malformed request: ${JSON.stringify(parsed.problem)}`);
  return parsed;
}
