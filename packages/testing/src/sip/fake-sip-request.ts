import { type NameAddr, type SipHeaders, type SipRequest } from '@herald/sip-stack';

const listHeaders = new Set([
  'accept',
  'allow',
  'allow-events',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'via',
  'route',
  'record-route',
  'contact',
]);

/** Header fields as a list of name/value lines; values of list headers split at top-level commas. */
class LineHeaders implements SipHeaders {
  constructor(private readonly lines: readonly (readonly [string, string])[]) {}
  get(name: string): string | undefined {
    return this.getAll(name)[0];
  }
  getAll(name: string): readonly string[] {
    const key = name.toLowerCase();
    const values = this.lines.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v.trim());
    return listHeaders.has(key) ? values.flatMap((v) => v.split(',').map((e) => e.trim()).filter((e) => e !== '')) : values;
  }
  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }
}

function nameAddr(uri: string, tag?: string): NameAddr {
  return { uri, params: new Map(tag === undefined ? [] : [['tag', tag]]), ...(tag === undefined ? {} : { tag }) };
}

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
 * A request as a transport would deliver it, for the tests of the adapter. Header semantics
 * follow the `SipHeaders` contract (case-insensitive names, list headers split at commas);
 * compact forms and quoting are the transports' business and are not modelled here.
 */
export function fakeSipRequest(init: FakeRequestInit): SipRequest {
  const method = init.method ?? 'SUBSCRIBE';
  const headers = [...(init.headers ?? [])];
  return {
    method,
    uri: init.uri,
    headers: new LineHeaders(headers),
    body: Buffer.from(init.body ?? '', 'utf8'),
    callId: init.callId ?? `call-${++counter}@test`,
    cseq: { seq: init.cseq ?? 1, method },
    from: nameAddr(init.from ?? 'sip:bob@contoso.com', init.fromTag ?? `from-${counter}`),
    to: nameAddr(init.to ?? init.uri, init.toTag),
  };
}
