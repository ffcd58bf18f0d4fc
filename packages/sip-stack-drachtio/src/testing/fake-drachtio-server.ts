import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { type ParsedSipMessage, parseNameAddr, parseSipUri, writeRequest, writeResponse } from '@herald/sip-stack';
import { type MessageQueue, type SipTestPeer } from '@herald/testing';
import { headerLinesExcept, parseFromApplication, parseFromNetwork, token } from './sip-text';
import { splitWireMessage, WireFrameDecoder, wireFrame } from './wire-frames';

export interface FakeDrachtioOptions {
  readonly secret: string;
  /** Receives every message the double sends to the scripted peer. */
  readonly inbox: MessageQueue;
  /** The SIP transport the scripted peer speaks. Default udp. */
  readonly transport?: 'udp' | 'tcp';
  /** After this long without a response to a request it sent, the double reports 408 as drachtio-server's SIP stack would. Default 1000. */
  readonly timeoutMs?: number;
}

/** The server side of a subscription dialog, as drachtio-server keeps it. */
interface ServerDialog {
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The To of the SUBSCRIBE (our identity) and its From (the subscriber), as written. */
  readonly local: string;
  readonly remote: string;
  readonly target: string;
  readonly routes: readonly string[];
  readonly app: Socket;
  seq: number;
}

interface ServerTxn {
  readonly request: ParsedSipMessage;
  readonly toTag: string;
  readonly dialogId: string;
}

interface ClientTxn {
  readonly app: Socket;
  readonly txnId: string;
  readonly dialogId: string;
  readonly timer: NodeJS.Timeout;
  readonly terminates: boolean;
}

const sipHost = '127.0.0.1';
const sipPort = 5060;
const owned = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'record-route', 'route', 'max-forwards']);

/**
 * A drachtio-server test double: a real TCP admin port on loopback speaking the wire protocol
 * (`<len>#<msgId>|<type>|…`), with a scripted SIP peer on the other side instead of sockets.
 * It does what drachtio-server does for a presence application: authenticates the secret,
 * records route registrations, forwards requests of routed methods (503 for others, 481 for
 * unknown dialogs), completes responses (Via, From, To with a tag, Call-ID, CSeq, Record-Route,
 * a Contact on 2xx to SUBSCRIBE when the application gave none), creates the dialog on 200/202
 * to SUBSCRIBE, sends in-dialog requests with the dialog's fields and route set (no Contact of
 * its own), and reports 408 (no answer) or 503 (undeliverable) itself, with no network source.
 */
export class FakeDrachtioServer {
  /** Every payload the application sent, in order. */
  readonly received: string[] = [];
  /** Route registrations (`subscribe`, `options`, …) in order, over every connection. */
  readonly routes: string[] = [];
  private readonly server: Server;
  private readonly apps = new Map<Socket, Set<string>>();
  /** Connections the double opened (outbound mode): they take every method. */
  private readonly outbound = new Set<Socket>();
  private readonly dialogs = new Map<string, ServerDialog>();
  private readonly serverTxns = new Map<string, ServerTxn>();
  private readonly clientTxns = new Map<string, ClientTxn>();
  private listeningPort = 0;
  readonly transport: 'udp' | 'tcp';

  constructor(private readonly options: FakeDrachtioOptions) {
    this.transport = options.transport ?? 'udp';
    this.server = createServer((socket) => this.accept(socket));
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Connections that authenticated and are still open. */
  get connections(): number {
    return [...this.apps.keys()].filter((s) => !s.destroyed).length;
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port; give the old one to come back on it). */
  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.listeningPort = (this.server.address() as { port: number }).port;
  }

  /** Goes away: closes the admin port and every connection. `forget` also drops the dialogs (a restart). */
  async stop(forget = false): Promise<void> {
    for (const socket of this.apps.keys()) socket.destroy();
    this.apps.clear();
    for (const txn of this.clientTxns.values()) clearTimeout(txn.timer);
    this.clientTxns.clear();
    this.serverTxns.clear();
    if (forget) this.dialogs.clear();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Outbound mode: connects to an application listening on `port`, as drachtio-server does when
   * its request handlers route a request there. Requests of every method go over it.
   */
  async connectTo(port: number): Promise<void> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(s));
      s.once('error', reject);
    });
    this.outbound.add(socket);
    socket.on('close', () => this.outbound.delete(socket));
    this.accept(socket);
  }

  /** The SIP side: a test peer whose messages go through this double. */
  peer(): SipTestPeer {
    return {
      transport: this.transport,
      host: '127.0.0.1',
      port: 5090,
      stackHostPort: `${sipHost}:${sipPort}`,
      send: async (message) => this.fromNetwork(parseFromNetwork(message), message),
      receive: (filter, timeoutMs) => this.options.inbox.receive(filter, timeoutMs),
      collect: (ms, filter) => this.options.inbox.collect(ms, filter),
      respond: async (request, status, headers = {}) => {
        const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
        const data = writeResponse(request, { status, toTag: 'peer-tag', headerLines: lines });
        this.fromNetwork(parseFromNetwork(data), data);
      },
      close: () => this.stop(),
    };
  }

  private accept(socket: Socket): void {
    const decoder = new WireFrameDecoder();
    socket.on('error', () => undefined);
    socket.on('close', () => this.apps.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const payload of decoder.push(chunk)) this.fromApplication(socket, payload);
      } catch (error) {
        this.received.push(`!protocol error: ${(error as Error).message}`);
        socket.destroy();
      }
    });
  }

  private write(socket: Socket, payload: string): void {
    if (!socket.destroyed) socket.write(wireFrame(`${token(8)}|${payload}`));
  }

  private fromApplication(socket: Socket, payload: string): void {
    this.received.push(payload);
    const { fields, sip } = splitWireMessage(payload);
    const [msgId = '', type, ...args] = fields;
    switch (type) {
      case 'authenticate':
        if (args[0] !== this.options.secret) return this.write(socket, `response|${msgId}|NOK|incorrect secret`);
        this.apps.set(socket, new Set());
        return this.write(socket, `response|${msgId}|OK|${this.transport}/${sipHost}:${sipPort}|v0.9.10-double|${this.transport}/${sipHost}:${sipPort}`);
      case 'route':
        this.apps.get(socket)?.add(args[0] ?? '');
        this.routes.push(args[0] ?? '');
        return this.write(socket, `response|${msgId}|OK`);
      case 'ping':
        return this.write(socket, `response|${msgId}|OK`);
      case 'sip':
        if (sip === undefined) return this.write(socket, `response|${msgId}|NOK|no SIP message`);
        return sip.startsWith('SIP/2.0') ? this.appResponse(socket, msgId, args[0] ?? '', sip) : this.appRequest(socket, msgId, args[1] ?? '', sip);
      default:
        return this.write(socket, `response|${msgId}|NOK|unknown request type ${type ?? ''}`);
    }
  }

  /** A response the application gives to a request the double forwarded. */
  private appResponse(app: Socket, msgId: string, txnId: string, text: string): void {
    const txn = this.serverTxns.get(txnId);
    if (txn === undefined) return this.write(app, `response|${msgId}|NOK|unknown transaction ${txnId}`);
    const answer = parseFromApplication(text);
    const request = txn.request;
    const createsDialog = request.method === 'SUBSCRIBE' && request.to.tag === undefined && (answer.status === 200 || answer.status === 202);
    let lines = headerLinesExcept(answer, owned);
    if (createsDialog && answer.get('contact') === undefined) lines += `Contact: <sip:${sipHost}:${sipPort};transport=${this.transport}>\r\n`;
    const data = writeResponse(request, { status: answer.status, reason: answer.reason, toTag: txn.toTag, recordRoute: answer.status > 100 && answer.status < 300, headerLines: lines, body: answer.body });
    if (answer.status >= 200) this.serverTxns.delete(txnId);
    let dialogId = txn.dialogId;
    if (createsDialog) {
      dialogId = `${request.callId};from-tag=${request.from.tag ?? ''}`;
      this.dialogs.set(dialogId, {
        id: dialogId,
        callId: request.callId,
        localTag: txn.toTag,
        remoteTag: request.from.tag ?? '',
        local: `${request.get('to') ?? ''};tag=${txn.toTag}`,
        remote: request.get('from') ?? '',
        target: parseNameAddr(request.get('contact') ?? '')?.uri ?? '',
        routes: request.getAll('record-route'),
        app,
        seq: 0,
      });
    }
    this.options.inbox.push(parseFromNetwork(data));
    this.echo(app, msgId, txnId, dialogId, data);
  }

  /** A request the application sends inside a dialog (NOTIFY). */
  private appRequest(app: Socket, msgId: string, dialogId: string, text: string): void {
    const dialog = this.dialogs.get(dialogId);
    if (dialog === undefined) return this.write(app, `response|${msgId}|NOK|Server error: unable to find dialog for dialog id provided`);
    const request = parseFromApplication(text);
    const given = request.cseq.seq > 0 ? request.cseq.seq : 0;
    dialog.seq = given > 0 ? given : dialog.seq + 1;
    const branch = `z9hG4bK${token()}`;
    const head =
      `Via: SIP/2.0/${this.transport.toUpperCase()} ${sipHost}:${sipPort};branch=${branch};rport\r\n` +
      'Max-Forwards: 70\r\n' +
      dialog.routes.map((route) => `Route: ${route}\r\n`).join('') +
      `From: ${dialog.local}\r\nTo: ${dialog.remote}\r\nCall-ID: ${dialog.callId}\r\nCSeq: ${dialog.seq} ${request.method}\r\n` +
      headerLinesExcept(request, owned);
    const data = writeRequest(request.method, dialog.target, head, request.body);
    const txnId = token();
    const terminates = request.method === 'NOTIFY' && /terminated/i.test(request.get('subscription-state') ?? '');
    const timer = setTimeout(() => this.localResponse(txnId, 408, 'Request Timeout'), this.options.timeoutMs ?? 1000);
    this.clientTxns.set(branch, { app, txnId, dialogId, timer, terminates });
    this.echo(app, msgId, txnId, dialogId, data);
    if (this.reachable(dialog)) this.options.inbox.push(parseFromNetwork(data));
    else setImmediate(() => this.localResponse(txnId, 503, 'Service Unavailable'));
  }

  /** Whether the first hop (route set, else target) is the scripted peer. */
  private reachable(dialog: ServerDialog): boolean {
    const hop = parseSipUri(parseNameAddr(dialog.routes[0] ?? '')?.uri ?? dialog.target);
    return hop !== undefined && hop.host === '127.0.0.1' && (hop.port ?? 5060) === 5090;
  }

  private localResponse(txnId: string, status: number, reason: string): void {
    for (const [branch, txn] of this.clientTxns) {
      if (txn.txnId !== txnId) continue;
      this.clientTxns.delete(branch);
      clearTimeout(txn.timer);
      const text = `SIP/2.0 ${status} ${reason}\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n`;
      this.write(txn.app, `sip|network|${Buffer.byteLength(text)}|${this.transport}|||${Date.now()}|${txn.txnId}|${txn.dialogId}\r\n${text}`);
    }
  }

  private echo(app: Socket, msgId: string, txnId: string, dialogId: string, data: Buffer): void {
    const text = data.toString('utf8');
    this.write(app, `response|${msgId}|OK|application|${data.length}|${this.transport}|${sipHost}|${sipPort}|${Date.now()}|${txnId}|${dialogId}\r\n${text}`);
  }

  /** A message the scripted peer put on the wire. */
  private fromNetwork(message: ParsedSipMessage, raw: string | Buffer): void {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    const meta = (txnId: string, dialogId: string): string =>
      `sip|network|${Buffer.byteLength(text)}|${this.transport}|127.0.0.1|5090|${Date.now()}|${txnId}|${dialogId}|${sipHost}|${sipPort}\r\n${text}`;
    if (!message.isRequest) {
      const txn = this.clientTxns.get(message.topVia?.branch ?? '');
      if (txn === undefined || message.status < 200) return;
      this.clientTxns.delete(message.topVia?.branch ?? '');
      clearTimeout(txn.timer);
      if (txn.terminates) this.dialogs.delete(txn.dialogId);
      return this.write(txn.app, meta(txn.txnId, txn.dialogId));
    }
    if (message.method === 'ACK') return;
    if (message.to.tag !== undefined) {
      const dialog = this.dialogs.get(`${message.callId};from-tag=${message.from.tag ?? ''}`);
      if (dialog === undefined || dialog.localTag !== message.to.tag || dialog.app.destroyed) return this.answer(message, 481);
      const txnId = token();
      this.serverTxns.set(txnId, { request: message, toTag: dialog.localTag, dialogId: dialog.id });
      return this.write(dialog.app, meta(txnId, dialog.id));
    }
    const app = [...this.apps].find(([socket, verbs]) => !socket.destroyed && (this.outbound.has(socket) || verbs.has(message.method.toLowerCase())))?.[0];
    // drachtio-server: "No connected clients found to handle incoming … request".
    if (app === undefined) return this.answer(message, 503);
    const txnId = token();
    this.serverTxns.set(txnId, { request: message, toTag: token(4), dialogId: '' });
    this.write(app, meta(txnId, ''));
  }

  private answer(request: ParsedSipMessage, status: number): void {
    this.options.inbox.push(parseFromNetwork(writeResponse(request, { status, toTag: token(4) })));
  }
}
