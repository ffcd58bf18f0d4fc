import { type Clock, type Disposable, type Logger } from '@herald/core';
import { canonicalHeaderName, encodeBody, type InDialogOutcome, type InDialogRequestOptions, type SipHeaderFields } from '@herald/sip-stack';
import { type DrachtioDialog, type InDialogSender } from './drachtio-dialog';
import { type InDialogResult, type SrfClient } from './srf-client';

/** Fields drachtio-server or this transport writes; values a caller gives for them are ignored. */
const owned = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'contact', 'route', 'max-forwards', 'content-type']);

/**
 * Header fields as srf takes them: one string per name (list values joined), skipping `skip`.
 * @throws TypeError for a name that is not a token or a value with CR, LF or NUL: either would
 *   let a caller inject header lines.
 */
export function headerRecord(fields: SipHeaderFields | undefined, skip: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields ?? {})) {
    if (skip.has(canonicalHeaderName(name))) continue;
    if (!/^[A-Za-z0-9.!%*_+`'~-]+$/.test(name)) throw new TypeError(`SIP header name '${name}' is not a token (letters, digits, '-', '.', …)`);
    const text = typeof value === 'object' ? value.join(', ') : String(value);
    if (/[\r\n\0]/.test(text)) throw new TypeError(`SIP header ${name}: the value contains a line break or NUL`);
    out[name] = text;
  }
  return out;
}

interface InFlight {
  /** Set once srf has the request: only then can a lost connection swallow its response. */
  handedOver: boolean;
  settle(outcome: InDialogOutcome): void;
}

/** Whether the admin connection is up, and a way to wait until it is. */
export interface ConnectionState {
  readonly up: boolean;
  /** Resolves true once connected, false after `ms` or when the transport stops. */
  whenUp(ms: number): Promise<boolean>;
}

/**
 * Sends NOTIFYs through drachtio-server and turns what comes back into the port's outcomes:
 * the peer's final response (`peer`); a 408 drachtio-server generated because the peer never
 * answered, or no answer within `requestTimeoutMs` (`timeout`); drachtio-server refusing the
 * request, a lost connection or a full queue (`transport`; 481 when drachtio-server no longer
 * knows the dialog, e.g. after it restarted). A NOTIFY sent while the connection is down waits
 * for it, within the same timeout. Never rejects.
 */
export class InDialogRequests implements InDialogSender {
  private readonly inFlight = new Set<InFlight>();

  constructor(
    private readonly srf: SrfClient,
    private readonly connection: ConnectionState,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly limits: { readonly maxPendingRequests: number; readonly requestTimeoutMs: number },
  ) {}

  get pending(): number {
    return this.inFlight.size;
  }

  send(dialog: DrachtioDialog, method: 'NOTIFY', cseq: number, options: InDialogRequestOptions): Promise<InDialogOutcome> {
    if (this.inFlight.size >= this.limits.maxPendingRequests) {
      return Promise.resolve({ status: 503, reason: 'Service Unavailable (too many requests in flight)', origin: 'transport' });
    }
    const body = encodeBody(options.body);
    const headers = {
      ...headerRecord(options.headers, owned),
      // drachtio-server takes the first CSeq of a dialog from the request and counts on from it.
      CSeq: `${cseq} ${method}`,
      // drachtio-server adds a Contact only to INVITE, SUBSCRIBE and REFER; RFC 6665 §4.2.2 needs one on NOTIFY.
      Contact: dialog.contact,
      ...(body !== undefined && body.length > 0 && { 'Content-Type': options.contentType ?? 'application/octet-stream' }),
    };
    return new Promise<InDialogOutcome>((resolve) => {
      const entry: InFlight = {
        handedOver: false,
        settle: (outcome) => {
          if (!this.inFlight.delete(entry)) return;
          timer.dispose();
          resolve(outcome);
        },
      };
      this.inFlight.add(entry);
      const timer: Disposable = this.clock.setTimer(this.limits.requestTimeoutMs, () =>
        entry.settle({ status: 408, reason: 'Request Timeout (no final response in time)', origin: 'timeout' }),
      );
      void this.dispatch(dialog, method, headers, body, entry);
    });
  }

  /** The connection is gone: requests already handed over will never hear back. */
  connectionLost(): void {
    for (const entry of [...this.inFlight]) {
      if (entry.handedOver) entry.settle({ status: 503, reason: 'Service Unavailable (connection to drachtio-server lost)', origin: 'transport' });
    }
  }

  /** Ends every request (a stop). */
  clear(): void {
    for (const entry of [...this.inFlight]) entry.settle({ status: 503, reason: 'Service Unavailable (stopping)', origin: 'transport' });
  }

  private async dispatch(dialog: DrachtioDialog, method: string, headers: Record<string, string>, body: Buffer | undefined, entry: InFlight): Promise<void> {
    if (dialog.socket !== undefined) {
      if (dialog.socket.destroyed) return entry.settle({ status: 503, reason: 'Service Unavailable (drachtio-server closed the dialog connection)', origin: 'transport' });
    } else if (!this.connection.up && !(await this.connection.whenUp(this.limits.requestTimeoutMs))) {
      return entry.settle({ status: 503, reason: 'Service Unavailable (not connected to drachtio-server)', origin: 'transport' });
    }
    if (!this.inFlight.has(entry)) return;
    entry.handedOver = true;
    let result: InDialogResult;
    try {
      result = await this.srf.requestInDialog(dialog.id, method, headers, body?.toString('utf8'), dialog.socket);
    } catch (error) {
      this.logger.debug({ err: error, dialog: dialog.id }, 'NOTIFY could not be handed to drachtio-server');
      return entry.settle({ status: 503, reason: 'Service Unavailable (not connected to drachtio-server)', origin: 'transport' });
    }
    entry.settle(outcomeOf(result));
  }
}

/** The port's outcome for what drachtio-server reported. */
export function outcomeOf(result: InDialogResult): InDialogOutcome {
  if (result.kind === 'refused') {
    return result.noDialog
      ? { status: 481, reason: 'Call/Transaction Does Not Exist (drachtio-server does not know the dialog)', origin: 'transport' }
      : { status: 503, reason: `Service Unavailable (drachtio-server: ${result.message})`, origin: 'transport' };
  }
  if (result.fromNetwork) return { status: result.status, reason: result.reason, origin: 'peer' };
  // A final response with no network source was generated by drachtio-server's SIP stack.
  return { status: result.status, reason: result.reason, origin: result.status === 408 ? 'timeout' : 'transport' };
}
