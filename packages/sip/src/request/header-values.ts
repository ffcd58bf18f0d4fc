import { type SipHeaders } from '@herald/sip-stack';

/** `Application/PIDF+XML; charset=utf-8` → `application/pidf+xml`. */
export function mediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  const type = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** The media types of every Accept element, or undefined when there is no Accept header. */
export function acceptedTypes(headers: SipHeaders): ReadonlySet<string> | undefined {
  if (!headers.has('Accept')) return undefined;
  const types = new Set<string>();
  for (const element of headers.getAll('Accept')) {
    const type = mediaType(element);
    if (type !== undefined) types.add(type);
  }
  return types;
}

/** Whether an Accept set takes `type`, honouring `*\/*` and `type/*` ranges. */
export function accepts(types: ReadonlySet<string>, type: string): boolean {
  return types.has(type) || types.has('*/*') || types.has(`${type.slice(0, type.indexOf('/'))}/*`);
}

/** The option tags of every occurrence of a header (Supported, Require), lower-cased. */
export function optionTags(headers: SipHeaders, name: string): ReadonlySet<string> {
  return new Set(headers.getAll(name).map((tag) => tag.trim().toLowerCase()));
}

/** The event package of an Event header value: `presence;id=7` → `presence`. */
export function eventPackage(value: string | undefined): string | undefined {
  return mediaType(value);
}

/** Expires: a delta-seconds value, absent, or malformed. Overlarge values read as the maximum. */
export function parseExpires(value: string | undefined): number | 'absent' | 'malformed' {
  if (value === undefined) return 'absent';
  const text = value.trim();
  if (text.length === 0 || text.length > 20) return text.length > 20 && isDigits(text) ? Number.MAX_SAFE_INTEGER : 'malformed';
  if (!isDigits(text)) return 'malformed';
  return Number(text);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return text.length > 0;
}
