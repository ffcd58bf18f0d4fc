import { type RemoteInfo } from 'node:dgram';
import { type Clock, type Logger } from '@herald/core';
import {
  detachString,
  checkRequest,
  checkResponse,
  parseNameAddr,
  parseSipDatagram,
  type ParsedSipMessage,
  type PeerPolicy,
  type RateVerdict,
  type SipSource,
} from '@herald/sip-stack';
import { type ClientTransactions } from './client-transactions';
import { type EmbeddedSipLimits } from './embedded-sip-stack-options';
import { type HandlerRegistry, isKnownMethod } from './handler-registry';
import { type Arrival, type DialogFactory, IncomingRequestImpl } from './incoming-request';
import { type ReplyPath, responseTopVia, udpReplyPath } from './reply-path';
import { type Responder } from './responder';
import { ServerTransactions } from './server-transactions';
import { type DialogTable, type SubscriptionDialogImpl } from './subscription-dialog';
import { type TagSource } from './tags';
import { type TimerWheel } from './timer-wheel';
import { type StreamConnection } from './transport/stream-connection';
import { type UdpListener } from './transport/udp-listener';

const noNames: readonly string[] = [];

/** Everything the router consults; owned by the running stack. */
export interface RouterParts {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: EmbeddedSipLimits;
  readonly policy: PeerPolicy;
  readonly handlers: HandlerRegistry;
  readonly tags: TagSource;
  readonly wheel: TimerWheel;
  readonly responder: Responder;
  readonly serverTransactions: ServerTransactions;
  readonly clientTransactions: ClientTransactions;
  readonly dialogs: DialogTable;
  readonly dialogFactory: DialogFactory;
}


/**
 * Turns received messages into answers: responses go to their client transactions; requests
 * pass the rate limit, the syntax checks, the peer policy and the method checks, are answered
 * statelessly when no handler wants them (OPTIONS, 403, 405, 420, 481, 501, …), and otherwise
 * reach their handler in a server transaction, inside or outside a subscription dialog.
 * Nothing here throws past the transport: a failure is logged and the message dropped.
 */
export class RequestRouter {
  constructor(private readonly parts: RouterParts) {}

  datagram(listener: UdpListener, data: Buffer, remote: RemoteInfo): void {
    try {
      const isResponse = data.length > 4 && data[0] === 0x53 && data[1] === 0x49 && data[2] === 0x50 && data[3] === 0x2f;
      // Requests count against their source's rate before any parsing; responses answer our requests.
      const verdict: RateVerdict = isResponse ? 'accept' : this.parts.policy.admit(remote.address, this.parts.clock.monotonic());
      if (verdict === 'drop') return;
      const message = parseSipDatagram(data, this.parts.limits);
      if (typeof message === 'string') {
        if (message !== 'keep-alive') this.parts.logger.debug({ from: remote.address, reason: message }, 'SIP datagram dropped');
        return;
      }
      if (!message.isRequest) {
        if (checkResponse(message)) this.parts.clientTransactions.onResponse(message);
        return;
      }
      checkRequest(message);
      const path = udpReplyPath(listener, message.topVia, remote.address, remote.port);
      if (path === undefined) {
        this.parts.logger.debug({ from: remote.address, reason: message.problem?.reason }, 'SIP request dropped: no usable Via to answer to');
        return;
      }
      const source: SipSource = { transport: 'udp', address: remote.address, port: remote.port, tlsPeerNames: noNames };
      this.request(message, source, path, verdict, { udp: listener, connection: undefined });
    } catch (error) {
      this.parts.logger.error({ err: error, from: remote.address }, 'SIP datagram handling failed');
    }
  }

  streamMessage(connection: StreamConnection, message: ParsedSipMessage): void {
    try {
      if (!message.isRequest) {
        if (checkResponse(message)) this.parts.clientTransactions.onResponse(message);
        return;
      }
      const verdict = this.parts.policy.admit(connection.source.address, this.parts.clock.monotonic());
      if (verdict === 'drop') return;
      checkRequest(message);
      const path: ReplyPath = { kind: 'stream', connection, fallbackPort: message.topVia?.port };
      this.request(message, connection.source, path, verdict, { udp: undefined, connection });
    } catch (error) {
      this.parts.logger.error({ err: error, from: connection.remoteKey }, 'SIP message handling failed');
    }
  }

  private request(message: ParsedSipMessage, source: SipSource, path: ReplyPath, verdict: RateVerdict, arrival: Arrival): void {
    const { handlers, responder, policy } = this.parts;
    const method = message.method;
    if (method === 'ACK') return; // Never answered; the ACK of a non-2xx would belong to INVITE transactions.
    const reply = (status: number, reason?: string, lines?: string): void => responder.stateless(message, source, path, status, reason, lines);
    if (message.problem !== undefined) return reply(message.problem.status, message.problem.reason);
    if (verdict === 'limit') return reply(503, 'Service Unavailable (rate limit)', `Retry-After: ${policy.retryAfterSeconds(source.address)}\r\n`);
    if (policy.forbids(source, method)) return reply(403, 'Forbidden (not a trusted peer)');
    if (!isKnownMethod(method)) return reply(501, undefined, handlers.allowLine);
    if (method === 'CANCEL') return reply(this.cancels(message) ? 200 : 481);
    const inDialog = message.to.tag !== undefined;
    if (method === 'OPTIONS' && handlers.requestHandler('OPTIONS') === undefined) {
      const unsupported = handlers.unsupportedRequired(message);
      if (unsupported.length > 0) return reply(420, undefined, `Unsupported: ${unsupported.join(', ')}\r\n`);
      return reply(200, undefined, handlers.optionsLines);
    }
    if (inDialog && method !== 'SUBSCRIBE') {
      const known = this.parts.dialogs.find(message.callId, message.to.tag, message.from.tag) !== undefined;
      return known ? reply(405, undefined, handlers.allowLine) : reply(481);
    }
    const subscribe = method === 'SUBSCRIBE';
    if (!inDialog && (subscribe ? handlers.subscribeHandler() : handlers.requestHandler(method)) === undefined) {
      return reply(405, undefined, handlers.allowLine);
    }
    const key = ServerTransactions.keyOf(message);
    const existing = this.parts.serverTransactions.find(key);
    if (existing !== undefined) return responder.replay(existing.path, existing.lastResponse);
    const completed = this.parts.serverTransactions.completedResponse(key);
    if (completed !== undefined) return responder.replay(path, completed);
    const unsupported = handlers.unsupportedRequired(message);
    if (unsupported.length > 0) return reply(420, undefined, `Unsupported: ${unsupported.join(', ')}\r\n`);
    if (subscribe && !inDialog && parseNameAddr(message.get('contact') ?? '') === undefined) return reply(400, 'Missing or malformed Contact header');
    let dialog: SubscriptionDialogImpl | undefined;
    if (inDialog) {
      dialog = this.parts.dialogs.find(message.callId, message.to.tag, message.from.tag);
      if (dialog === undefined || dialog.handler === undefined) return reply(481);
      if (message.cseq.seq <= dialog.remoteCSeq) return reply(500, 'Server Internal Error (CSeq out of order)');
      dialog.remoteCSeq = message.cseq.seq;
      const target = parseNameAddr(message.get('contact') ?? '');
      if (target !== undefined) dialog.remoteTarget = detachString(target.uri);
      dialog.source = this.parts.dialogFactory.shareSource(source);
      dialog.udpListener = arrival.udp;
      dialog.connection = arrival.connection;
    }
    const transaction = this.parts.serverTransactions.create(key, path, this.parts.tags.tag(), responseTopVia(message.topVia, source));
    if (transaction === undefined) return reply(503, 'Service Unavailable (too many requests in progress)', 'Retry-After: 1\r\n');
    const incoming = new IncomingRequestImpl(message, source, arrival, transaction, responder, inDialog ? undefined : this.parts.dialogFactory, this.parts.logger, dialog?.contact);
    transaction.timer = this.parts.wheel.schedule(this.parts.limits.handlerTimeoutMs, () => {
      if (incoming.answered) return;
      this.parts.logger.warn({ method, callId: message.callId, ms: this.parts.limits.handlerTimeoutMs }, 'SIP handler did not answer in time; answering 500');
      incoming.respond(500, { reason: 'Server Internal Error (no answer in time)' });
    });
    try {
      if (dialog !== undefined) dialog.handler?.(incoming, dialog);
      else if (subscribe) handlers.subscribeHandler()?.(incoming);
      else handlers.requestHandler(method)?.(incoming);
    } catch (error) {
      this.parts.logger.error({ err: error, method, callId: message.callId }, 'SIP handler failed');
      if (!incoming.answered) incoming.respond(500);
    }
  }

  /** Whether a CANCEL names a request still in a server transaction (it changes nothing for non-INVITE). */
  private cancels(message: ParsedSipMessage): boolean {
    for (const method of ['SUBSCRIBE', ...this.parts.handlers.methods()]) {
      if (this.parts.serverTransactions.has(ServerTransactions.keyOf(message, method))) return true;
    }
    return false;
  }
}
