/**
 * drachtio's admin wire protocol as drachtio-server 0.9 and drachtio-srf 5 speak it: frames of
 * `<payload length in UTF-8 bytes>#<payload>`, the payload `<msgId>|<type>|<args…>` optionally
 * followed by CRLF and a SIP message. Bounded: a frame longer than `maxFrameBytes` is an error.
 */
export class WireFrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = 1 << 20) {}

  /** Adds received bytes; returns the complete payloads. @throws Error on a malformed or oversized frame. */
  push(chunk: Buffer): string[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: string[] = [];
    for (;;) {
      const hash = this.buffer.indexOf(0x23);
      if (hash < 0) {
        if (this.buffer.length > 12) throw new Error('wire frame without a length prefix');
        return out;
      }
      const length = Number(this.buffer.toString('latin1', 0, hash));
      if (!Number.isInteger(length) || length <= 0 || length > this.maxFrameBytes) throw new Error(`bad wire frame length '${this.buffer.toString('latin1', 0, hash)}'`);
      const end = hash + 1 + length;
      if (this.buffer.length < end) return out;
      out.push(this.buffer.toString('utf8', hash + 1, end));
      this.buffer = this.buffer.subarray(end);
    }
  }
}

/** One frame for a payload. */
export function wireFrame(payload: string): string {
  return `${Buffer.byteLength(payload, 'utf8')}#${payload}`;
}

/** A payload split into its leader fields and the SIP message after the first CRLF, if any. */
export interface WireMessage {
  readonly fields: readonly string[];
  readonly sip: string | undefined;
}

export function splitWireMessage(payload: string): WireMessage {
  const crlf = payload.indexOf('\r\n');
  const leader = crlf < 0 ? payload : payload.slice(0, crlf);
  return { fields: leader.split('|'), sip: crlf < 0 ? undefined : payload.slice(crlf + 2) };
}
