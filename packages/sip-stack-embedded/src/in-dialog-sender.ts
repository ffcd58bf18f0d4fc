import { type Logger } from '@herald/core';
import {
  contentTypeLine,
  encodeBody,
  formatHostPort,
  type InDialogOutcome,
  type InDialogRequestOptions,
  renderHeaderFields,
  toWire,
  writeRequest,
} from '@herald/sip-stack';
import { type ClientTransactions } from './client-transactions';
import { dialogRoute, type TargetResolver } from './next-hop';
import { type SubscriptionDialogImpl } from './subscription-dialog';
import { type TagSource } from './tags';
import { isIPv6Peer, type Transports } from './transport/transports';

/** Fields of our in-dialog requests that the caller may not set. */
const owned = new Set(['via', 'max-forwards', 'route', 'from', 'to', 'call-id', 'cseq', 'contact', 'content-length', 'content-type']);

/**
 * Builds and sends requests in subscription dialogs (NOTIFY): Request-URI and Route from the
 * route set, From/To/Call-ID from the dialog, the next CSeq, our Contact, a fresh branch; then
 * runs the client transaction and reports its outcome.
 */
export class InDialogSender {
  constructor(
    private readonly transports: Transports,
    private readonly transactions: ClientTransactions,
    private readonly resolver: TargetResolver,
    private readonly tags: TagSource,
    private readonly contactHost: string | undefined,
    private readonly isStopped: () => boolean,
    private readonly logger: Logger,
  ) {}

  async send(dialog: SubscriptionDialogImpl, method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome> {
    if (dialog.terminated) return failure(481, 'Call/Transaction Does Not Exist (dialog terminated)');
    if (this.isStopped()) return failure(503, 'Service Unavailable (SIP stack stopped)');
    if (this.transactions.full) return failure(503, 'Service Unavailable (too many requests in flight)');
    // Caller errors (a bad header, a body without type) throw here, before anything is sent.
    const body = encodeBody(options.body);
    const extra = renderHeaderFields(options.headers, owned) + contentTypeLine(body, options.contentType);
    const cseq = dialog.nextLocalCSeq();
    const route = dialogRoute(dialog.routeSet, dialog.remoteTarget);
    try {
      const family = isIPv6Peer(dialog.source.address) ? 6 : 4;
      const target = await this.resolver.resolve(route.hop, dialog.source.transport, family);
      const local = this.transports.advertised(target.transport, this.contactHost);
      if (local === undefined) return failure(503, `Service Unavailable (no ${target.transport.toUpperCase()} listener to send from)`);
      const branch = this.tags.branch();
      let lines = `Via: SIP/2.0/${target.transport.toUpperCase()} ${formatHostPort(local.host, local.port)};branch=${branch};rport\r\nMax-Forwards: 70\r\n`;
      for (const value of route.routes) lines += `Route: ${toWire(value)}\r\n`;
      lines += `From: ${toWire(dialog.localField)}\r\nTo: ${toWire(dialog.remoteField)}\r\nCall-ID: ${toWire(dialog.callId)}\r\nCSeq: ${cseq} ${method}\r\nContact: ${toWire(dialog.contact)}\r\n${extra}`;
      const data = writeRequest(method, route.requestUri, lines, body);
      const sent = await this.transports.send(target, data, dialog.udpListener, dialog.connection);
      if (this.isStopped()) return failure(503, 'Service Unavailable (SIP stack stopped)');
      return await new Promise<InDialogOutcome>((resolve) => this.transactions.start(branch, method, sent, resolve));
    } catch (error) {
      this.logger.debug({ err: error, dialog: dialog.id }, `${method} could not be sent`);
      return failure(503, `Service Unavailable (${(error as Error).message})`, 'transport');
    }
  }
}

function failure(status: number, reason: string, origin: InDialogOutcome['origin'] = 'transport'): InDialogOutcome {
  return { status, reason, origin };
}
