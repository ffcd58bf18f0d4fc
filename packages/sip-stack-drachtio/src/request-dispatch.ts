import { type Clock, type Logger } from '@herald/core';
import {
  checkRequest,
  detachString,
  parseNameAddr,
  parseSipDatagram,
  type ParsedSipMessage,
  type PeerPolicy,
  type SipSource,
  type SipTransportName,
  type SubscriptionAcceptOptions,
} from '@herald/sip-stack';
import { DrachtioDialog, type DialogTable, type InDialogSender } from './drachtio-dialog';
import { type DrachtioSipLimits } from './drachtio-sip-stack-options';
import { type HandlerTable } from './handler-table';
import { type DialogMaker, IncomingDrachtioRequest, type RequestContext } from './incoming-request';
import { type SentResponse, type SrfIncomingRequest, type SrfReply } from './srf-client';

const noNames: readonly string[] = [];

/** drachtio-server names WebSocket transports too; the port knows stream and datagram ones. */
function transportOf(protocol: string): SipTransportName {
  const name = protocol.toLowerCase();
  if (name === 'udp') return 'udp';
  if (name === 'tls' || name === 'wss') return 'tls';
  return 'tcp';
}

export interface DispatchParts {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: DrachtioSipLimits;
  readonly policy: PeerPolicy;
  readonly handlers: HandlerTable;
  readonly dialogs: DialogTable;
  readonly sender: InDialogSender;
  /** The configured Contact, if any. */
  readonly contact: string | undefined;
  /** Outbound mode: a dialog's requests go over the connection its SUBSCRIBE came on. */
  readonly outbound: boolean;
}

/**
 * Turns what drachtio-server forwards into the port's calls: the rate limit, the peer policy,
 * OPTIONS, Require, in-dialog lookups (481) and the handlers, each answered through srf.
 * drachtio-server has done the transaction work (retransmissions, Via, To tags); what is left
 * is the decision. Nothing here throws into srf: a failure is logged and answered 500.
 */
export class RequestDispatch implements DialogMaker {
  private readonly pending = new Set<IncomingDrachtioRequest>();
  /** Responses waiting for drachtio-server's confirmation, each with a way to fail it. */
  private readonly unconfirmed = new Set<(error: Error) => void>();
  private readonly context: RequestContext;

  constructor(private readonly parts: DispatchParts) {
    this.context = {
      logger: parts.logger,
      bounded: (send) => this.bounded(send),
      deadlineAfter: (expires) => parts.clock.monotonic() + expires * 1000 + parts.limits.expiryGraceMs,
      answered: (request) => {
        request.timer?.dispose();
        this.pending.delete(request);
      },
    };
  }

  get contact(): string | undefined {
    return this.parts.contact;
  }

  /** Requests whose handler has not answered yet. */
  get unanswered(): number {
    return this.pending.size;
  }

  dispatch(incoming: SrfIncomingRequest, reply: SrfReply): void {
    try {
      this.route(incoming, reply);
    } catch (error) {
      this.parts.logger.error({ err: error, method: incoming.method }, 'SIP request from drachtio-server could not be handled');
      if (!reply.finalSent) this.stateless(reply, 500);
    }
  }

  /** Stops every handler timer (a stop); unanswered requests are left to drachtio-server. */
  clear(): void {
    for (const request of this.pending) request.timer?.dispose();
    this.pending.clear();
    this.connectionLost();
  }

  /** Responses handed to a connection that is gone will never be confirmed. */
  connectionLost(): void {
    for (const fail of [...this.unconfirmed]) fail(new Error('the connection to drachtio-server was lost before it confirmed the response'));
  }

  refusal(): string | undefined {
    return this.parts.dialogs.full ? `the transport holds ${this.parts.dialogs.size} subscription dialogs, its limit` : undefined;
  }

  make(request: IncomingDrachtioRequest, sent: ParsedSipMessage, dialogId: string, options: SubscriptionAcceptOptions): DrachtioDialog {
    const m = request.request;
    const contact = this.parts.contact ?? sent.get('contact');
    if (contact === undefined) throw new Error('drachtio-server sent the 2xx to SUBSCRIBE without a Contact');
    const expires = Number(options.headers?.['Expires'] ?? m.headers.get('Expires') ?? 3600);
    const dialog = new DrachtioDialog(
      {
        id: dialogId,
        callId: detachString(m.callId),
        localTag: detachString(sent.to.tag as string),
        remoteTag: detachString(m.from.tag ?? ''),
        remote: m.from,
        local: m.to,
        source: request.source,
        contact: detachString(contact),
        firstLocalCSeq: options.firstLocalCSeq ?? 1,
        socket: this.parts.outbound ? request.connection : undefined,
        deadline: this.context.deadlineAfter(Number.isFinite(expires) ? expires : 3600),
      },
      this.parts.sender,
      this.parts.dialogs,
    );
    this.parts.dialogs.add(dialog);
    return dialog;
  }

  private route(incoming: SrfIncomingRequest, reply: SrfReply): void {
    const { handlers, policy, clock } = this.parts;
    const method = incoming.method;
    if (method === 'ACK' || reply.finalSent) return;
    const source: SipSource = { transport: transportOf(incoming.protocol), address: incoming.source_address, port: incoming.source_port, tlsPeerNames: noNames };
    const verdict = policy.admit(source.address, clock.monotonic());
    if (verdict === 'drop') return;
    const parsed = parseSipDatagram(Buffer.from(incoming.raw, 'utf8'));
    if (typeof parsed === 'string') return this.stateless(reply, 400, `Bad Request (${parsed})`);
    const message = parsed;
    checkRequest(message);
    if (message.problem !== undefined) return this.stateless(reply, message.problem.status, message.problem.reason);
    if (verdict === 'limit') return this.stateless(reply, 503, 'Service Unavailable (rate limit)', { 'Retry-After': String(policy.retryAfterSeconds(source.address)) });
    if (policy.forbids(source, method)) return this.stateless(reply, 403, 'Forbidden (not a trusted peer)');
    const inDialog = message.to.tag !== undefined;
    if (method === 'OPTIONS' && !inDialog && handlers.requestHandler('OPTIONS') === undefined) {
      const unsupported = handlers.unsupported(message.getAll('require'));
      if (unsupported.length > 0) return this.stateless(reply, 420, undefined, { Unsupported: unsupported.join(', ') });
      return this.stateless(reply, 200, undefined, handlers.optionsHeaders());
    }
    let dialog: DrachtioDialog | undefined;
    if (inDialog) {
      dialog = this.parts.dialogs.get(incoming.stackDialogId ?? `${message.callId};from-tag=${message.from.tag ?? ''}`);
      if (dialog === undefined || dialog.localTag !== message.to.tag) return this.stateless(reply, 481);
      if (method !== 'SUBSCRIBE') return this.stateless(reply, 405, undefined, { Allow: handlers.allow() });
      if (dialog.handler === undefined) return this.stateless(reply, 481);
    }
    const handler = inDialog ? dialog?.handler : method === 'SUBSCRIBE' ? handlers.subscribeHandler() : handlers.requestHandler(method);
    if (handler === undefined) return this.stateless(reply, 405, undefined, { Allow: handlers.allow() });
    const unsupported = handlers.unsupported(message.getAll('require'));
    if (unsupported.length > 0) return this.stateless(reply, 420, undefined, { Unsupported: unsupported.join(', ') });
    if (method === 'SUBSCRIBE' && !inDialog && parseNameAddr(message.get('contact') ?? '') === undefined) return this.stateless(reply, 400, 'Missing or malformed Contact header');
    if (this.pending.size >= this.parts.limits.maxPendingRequests) return this.stateless(reply, 503, 'Service Unavailable (too many requests in progress)', { 'Retry-After': '1' });
    if (dialog !== undefined) dialog.source = source;
    const request = new IncomingDrachtioRequest(message, source, reply, this.context, inDialog ? undefined : this, dialog, incoming.socket);
    this.pending.add(request);
    request.timer = clock.setTimer(this.parts.limits.handlerTimeoutMs, () => {
      request.timer = undefined;
      if (request.answered) return;
      this.parts.logger.warn({ method, callId: message.callId, ms: this.parts.limits.handlerTimeoutMs }, 'SIP handler did not answer in time; answering 500');
      request.respond(500, { reason: 'Server Internal Error (no answer in time)' });
    });
    try {
      if (dialog !== undefined) dialog.handler?.(request, dialog);
      else (handler as (request: IncomingDrachtioRequest) => void)(request);
    } catch (error) {
      this.parts.logger.error({ err: error, method, callId: message.callId }, 'SIP handler failed');
      if (!request.answered) request.respond(500);
    }
  }

  private stateless(reply: SrfReply, status: number, reason?: string, headers: Record<string, string> = {}): void {
    this.bounded(reply.send(status, reason, headers, undefined)).catch((error: unknown) => this.parts.logger.debug({ err: error, status }, 'drachtio-server did not confirm a response'));
  }

  private bounded(send: Promise<SentResponse>): Promise<SentResponse> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        if (!this.unconfirmed.delete(fail)) return;
        timer.dispose();
        reject(error);
      };
      this.unconfirmed.add(fail);
      const timer = this.parts.clock.setTimer(this.parts.limits.responseTimeoutMs, () => fail(new Error('drachtio-server did not confirm the response in time')));
      send.then(
        (sent) => {
          if (!this.unconfirmed.delete(fail)) return;
          timer.dispose();
          resolve(sent);
        },
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }
}
