import { type Logger } from '@herald/core';
import {
  contentTypeLine,
  encodeBody,
  type ParsedSipMessage,
  renderHeaderFields,
  type SipResponseOptions,
  type SipSource,
  toWire,
  writeResponse,
} from '@herald/sip-stack';
import { type ReplyPath, responseTopVia, sendReply } from './reply-path';
import { type ServerTransaction, type ServerTransactions } from './server-transactions';
import { type TagSource } from './tags';
import { type Transports } from './transport/transports';

/** Fields the stack writes in every response. */
const ownedAlways = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length']);
/** …plus Contact in a 2xx to a SUBSCRIBE. */
const ownedWithContact = new Set([...ownedAlways, 'contact']);

/** Writes and sends responses: stateless ones, and those of server transactions. */
export class Responder {
  constructor(
    private readonly transports: () => Transports,
    private readonly transactions: () => ServerTransactions,
    private readonly tags: TagSource,
    private readonly logger: Logger,
  ) {}

  /**
   * Answers without keeping state (OPTIONS, 4xx/5xx the stack decides): the To tag is derived
   * from the request, so a retransmission gets the same answer.
   */
  stateless(message: ParsedSipMessage, source: SipSource, path: ReplyPath, status: number, reason?: string, headerLines?: string): void {
    const data = writeResponse(message, {
      status,
      reason,
      toTag: this.tags.statelessTag(message.topVia?.branch ?? message.callId),
      topVia: responseTopVia(message.topVia, source),
      headerLines,
    });
    sendReply(this.transports(), path, data, this.logger);
  }

  /**
   * Sends a handler's response in its transaction. `dialog` is set for the 2xx of a SUBSCRIBE
   * in or creating a dialog: it carries our Contact (SUBSCRIBE refreshes the target, RFC 6665
   * §4.1.2.1), and the request's Record-Route when it creates the dialog.
   * @throws TypeError for header fields or a body the caller got wrong; nothing is sent then.
   */
  inTransaction(transaction: ServerTransaction, message: ParsedSipMessage, status: number, options: SipResponseOptions, dialog?: { contact: string; creates: boolean }): void {
    const body = encodeBody(options.body);
    const contact = dialog !== undefined && status >= 200 && status < 300 ? dialog.contact : undefined;
    let lines = renderHeaderFields(options.headers, contact === undefined ? ownedAlways : ownedWithContact);
    if (contact !== undefined) lines += `Contact: ${toWire(contact)}\r\n`;
    lines += contentTypeLine(body, options.contentType);
    const data = writeResponse(message, {
      status,
      reason: options.reason,
      toTag: transaction.toTag,
      topVia: transaction.topVia,
      recordRoute: contact !== undefined && dialog?.creates === true,
      headerLines: lines,
      body,
    });
    sendReply(this.transports(), transaction.path, data, this.logger);
    this.transactions().responded(transaction, data, status >= 200, Buffer.isBuffer(options.body) ? options.body : undefined);
  }

  /** Sends the last response of a transaction again (a retransmitted request); none yet, nothing. */
  replay(path: ReplyPath, lastResponse: Buffer | undefined): void {
    if (lastResponse !== undefined) sendReply(this.transports(), path, lastResponse, this.logger);
  }
}
