/**
 * Header names: every spelling of a header maps to one canonical key (the lower-case long form),
 * so `v`, `VIA` and `Via` are the same header and compact forms need no special cases later.
 */

/** RFC 3261 §7.3.3 compact forms, plus those of later RFCs (`o` Event and `u` Allow-Events from RFC 6665). */
const compactForms: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/**
 * Headers whose value is a comma-separated list (RFC 3261 §7.3.1): `getAll` splits them and
 * `get` returns their first element. Headers holding commas that do not separate elements
 * (Date, WWW-Authenticate, Authorization, …) are not in this set and stay whole.
 */
export const listHeaders: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'path',
  'proxy-require',
  'record-route',
  'require',
  'route',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
  'p-asserted-identity',
  'p-preferred-identity',
  'security-client',
  'security-server',
  'security-verify',
]);

/** Names as they usually appear on the wire, mapped without lower-casing (the hot path). */
const usualSpellings = new Map<string, string>();
const usualNames = [
  'Via',
  'From',
  'To',
  'Call-ID',
  'Call-Id',
  'CSeq',
  'Contact',
  'Max-Forwards',
  'Content-Length',
  'Content-Type',
  'Event',
  'Expires',
  'Accept',
  'Allow',
  'Allow-Events',
  'Supported',
  'Require',
  'Proxy-Require',
  'Record-Route',
  'Route',
  'User-Agent',
  'Server',
  'Subscription-State',
  'Date',
  'Subject',
];
for (const name of usualNames) usualSpellings.set(name, name.toLowerCase());
for (const [short, long] of Object.entries(compactForms)) {
  usualSpellings.set(short, long);
  usualSpellings.set(short.toUpperCase(), long);
  usualSpellings.set(long, long);
}

/** The usual spellings grouped by length, to recognise a name in place, without slicing it out. */
const usualByLength: [string, string][][] = [];
for (const [written, canonical] of usualSpellings) (usualByLength[written.length] ??= []).push([written, canonical]);

/**
 * The canonical key of the header name `text[start, end)`. The usual spellings are matched in
 * place (this runs for every header line of every message); others are sliced and folded.
 */
export function canonicalHeaderNameAt(text: string, start: number, end: number): string {
  const candidates = usualByLength[end - start];
  if (candidates !== undefined) {
    for (const [written, canonical] of candidates) if (text.startsWith(written, start)) return canonical;
  }
  return canonicalHeaderName(text.slice(start, end));
}

/** The canonical key of a header name as written (any case, long or compact form). */
export function canonicalHeaderName(name: string): string {
  const usual = usualSpellings.get(name);
  if (usual !== undefined) return usual;
  const lower = name.toLowerCase();
  return compactForms[lower] ?? lower;
}

/** The usual written form of a canonical header name, for messages we build. */
export function displayHeaderName(canonical: string): string {
  switch (canonical) {
    case 'call-id':
      return 'Call-ID';
    case 'cseq':
      return 'CSeq';
    case 'www-authenticate':
      return 'WWW-Authenticate';
    default: {
      let out = '';
      for (let i = 0; i < canonical.length; i++) {
        const ch = canonical[i] as string;
        out += i === 0 || canonical[i - 1] === '-' ? ch.toUpperCase() : ch;
      }
      return out;
    }
  }
}
