import { type Server, type Socket } from 'node:net';
import { type ConnectionOptions, type TlsOptions } from 'node:tls';
import Srf from 'drachtio-srf';

/**
 * The one place that touches drachtio-srf. Its bundled typings do not describe what this
 * transport uses (`connect` returns the app, not a promise; the `connect` event carries the
 * server's SIP addresses; `res.send` takes a callback with the echoed message; in-dialog
 * requests go through the agent with a dialog id; the `reconnect` options are missing), so
 * the runtime shapes are declared here, checked against drachtio-srf 5.0.29, and cast once.
 * Nothing outside this file sees an srf type.
 */

/** An incoming request as srf delivers it. */
export interface SrfIncomingRequest {
  /** The request exactly as drachtio-server forwarded it. */
  readonly raw: string;
  readonly method: string;
  /** `network` for requests from SIP peers. */
  readonly source: string;
  readonly source_address: string;
  readonly source_port: number;
  /** `udp`, `tcp`, `tls`, `ws` or `wss`, as drachtio-server names the transport. */
  readonly protocol: string;
  readonly stackTxnId: string;
  /** Set by drachtio-server for requests inside a dialog it knows. */
  readonly stackDialogId: string | undefined;
  /** The connection the request came on (one per request in outbound mode). */
  readonly socket: Socket;
}

/** The echo of a response srf sent: the message as drachtio-server put it on the wire. */
export interface SentResponse {
  readonly raw: string;
  /** The dialog drachtio-server created for a 2xx to SUBSCRIBE (`<Call-ID>;from-tag=<tag>`). */
  readonly dialogId: string | undefined;
}

/** A response to an in-dialog request, or why none came. */
export type InDialogResult =
  | { readonly kind: 'response'; readonly status: number; readonly reason: string; readonly fromNetwork: boolean }
  | { readonly kind: 'refused'; readonly message: string; readonly noDialog: boolean };

interface RawMessage {
  readonly raw: string;
}
interface RawResponse {
  send(status: number, reason: string | undefined, opts: { headers?: Record<string, string>; body?: string }, callback?: (err: unknown, sent?: RawMessage) => void): void;
  readonly stackDialogId?: string;
  readonly finalResponseSent: boolean;
}
interface RawRequest extends SrfIncomingRequest {
  res?: RawResponse;
}
interface RawAgent {
  request(opts: Record<string, unknown>, callback: (err: (Error & { code?: string }) | null, req?: RawSentRequest) => void): void;
  disconnect(socket?: Socket): void;
  readonly mapServer: Map<Socket, unknown>;
}
interface RawSentRequest {
  on(event: 'response', listener: (res: { status: number; reason: string; source_address?: string }) => void): void;
}
interface RawApp {
  connect(opts: Record<string, unknown>): unknown;
  listen(opts: Record<string, unknown>): Server;
  use(method: string, handler: (req: RawRequest, res: RawResponse, next: () => void) => void): void;
  use(handler: (req: RawRequest, res: RawResponse, next: () => void) => void): void;
  client?: RawAgent;
}
interface RawSrf {
  readonly app: RawApp;
  connect(opts: Record<string, unknown>): unknown;
  listen(opts: Record<string, unknown>): Server;
  use(method: string, handler: (req: RawRequest, res: RawResponse, next: () => void) => void): void;
  use(handler: (req: RawRequest, res: RawResponse, next: () => void) => void): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeAllListeners(): unknown;
}

/** What the transport hands srf to reply to one request. */
export interface SrfReply {
  /** Whether srf already sent a final response (srf answers some requests itself). */
  readonly finalSent: boolean;
  /** Sends a response; resolves with the echo once drachtio-server sent it, or rejects. */
  send(status: number, reason: string | undefined, headers: Record<string, string>, body: string | undefined): Promise<SentResponse>;
}

export interface SrfInboundOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly tls?: ConnectionOptions;
}

export interface SrfOutboundOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly tls?: TlsOptions;
}

/** Connection events, as the transport listens to them. */
export interface SrfEvents {
  /** Authenticated (`error` undefined) or refused by drachtio-server. `hostports` lists its SIP addresses. */
  connect(error: Error | undefined, hostports: string | undefined, serverVersion: string | undefined): void;
  error(error: Error): void;
  close(): void;
  listening(): void;
}

/**
 * One srf application object, with srf's own reconnect turned off (`maxAttempts: 1`): it
 * retries over plain TCP even when TLS was asked for and cannot be cancelled, so the transport
 * runs its own back-off and calls `connect` again, which makes srf build a fresh agent and send
 * the route registrations again.
 */
export class SrfClient {
  private readonly srf: RawSrf;

  constructor(tags: readonly string[], events: SrfEvents) {
    this.srf = (tags.length > 0 ? new Srf([...tags]) : new Srf()) as unknown as RawSrf;
    // Without an 'error' listener a refused connection is an unhandled 'error' event: a crash.
    this.srf.on('error', (error: Error) => events.error(error));
    this.srf.on('connect', (error: Error | null, hostports?: string, version?: string) => events.connect(error ?? undefined, hostports, version));
    this.srf.on('close', () => events.close());
    this.srf.on('listening', () => events.listening());
  }

  /** Asks drachtio-server to send requests of `method` to this application. Call before connecting. */
  route(method: string): void {
    this.srf.use(method.toLowerCase(), (_req, _res, next) => next());
  }

  /** Receives every request that reaches this application (in-dialog ones included). */
  onRequest(handler: (request: SrfIncomingRequest, reply: SrfReply) => void): void {
    this.srf.use((req, res) => handler(req, replyOver(res)));
  }

  connect(options: SrfInboundOptions, pingIntervalMs: number): void {
    this.srf.connect({
      host: options.host,
      port: options.port,
      secret: options.secret,
      ...(options.tls !== undefined && { tls: options.tls }),
      enablePing: true,
      pingInterval: pingIntervalMs,
      reconnect: { maxAttempts: 1 },
    });
  }

  listen(options: SrfOutboundOptions): Server {
    return this.srf.listen({ host: options.host, port: options.port, secret: options.secret, ...(options.tls !== undefined && { tls: options.tls }) });
  }

  /** True while an authenticated connection to drachtio-server exists (inbound mode). */
  get connected(): boolean {
    return (this.srf.app.client?.mapServer.size ?? 0) > 0;
  }

  /**
   * Sends a request inside a drachtio-server dialog: drachtio-server fills in the Request-URI,
   * From, To, Call-ID and Route from its dialog. `socket` is the connection to use (outbound
   * mode); inbound mode uses the current connection. Resolves with the final response, or
   * with why drachtio-server refused; rejects when it could not be handed over at all.
   */
  requestInDialog(dialogId: string, method: string, headers: Record<string, string>, body: string | undefined, socket: Socket | undefined): Promise<InDialogResult> {
    const agent = this.srf.app.client;
    // srf asserts (throws) when asked for its default connection while there is none.
    if (agent === undefined || (socket === undefined && agent.mapServer.size === 0)) return Promise.reject(new Error('not connected to drachtio-server'));
    return new Promise((resolve, reject) => {
      try {
        agent.request({ method, stackDialogId: dialogId, headers, ...(body !== undefined && { body }), ...(socket !== undefined && { _socket: socket }) }, (error, sent) => {
          if (error) {
            resolve({ kind: 'refused', message: error.message, noDialog: error.code === 'ENODIALOG' });
            return;
          }
          sent?.on('response', (res) => {
            if (res.status >= 200) resolve({ kind: 'response', status: res.status, reason: res.reason, fromNetwork: (res.source_address ?? '') !== '' });
          });
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Closes the connection to drachtio-server, if there is one. Never throws. */
  disconnect(): void {
    const agent = this.srf.app.client;
    if (agent === undefined) return;
    for (const socket of [...agent.mapServer.keys()]) {
      try {
        agent.disconnect(socket);
      } catch {
        // srf asserts on sockets it has already forgotten; destroying is all that is left.
      }
      socket.destroy();
    }
  }
}

function replyOver(res: RawResponse): SrfReply {
  return {
    get finalSent() {
      return res.finalResponseSent;
    },
    send: (status, reason, headers, body) =>
      new Promise((resolve, reject) => {
        try {
          res.send(status, reason, { headers, ...(body !== undefined && { body }) }, (err, sent) => {
            if (err !== null && err !== undefined) reject(err instanceof Error ? err : new Error(String(err)));
            else resolve({ raw: sent?.raw ?? '', dialogId: res.stackDialogId || undefined });
          });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
  };
}
