import { createServer as createNetServer, isIPv6, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { type Logger } from '@herald/core';
import { formatHostPort } from '@herald/sip-stack';
import { type SipListenOptions } from '../embedded-sip-stack-options';
import { type ConnectionTable } from './connection-table';
import { normaliseAddress } from './stream-connection';
import { tlsPeerNames, type TlsMaterial } from './tls-material';

/** A TCP or TLS server socket; accepted connections go to the connection table. */
export class StreamListener {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(
    readonly options: SipListenOptions,
    private readonly table: ConnectionTable,
    private readonly tls: TlsMaterial | undefined,
    private readonly handshakeTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get transport(): 'tcp' | 'tls' {
    return this.options.transport === 'tls' ? 'tls' : 'tcp';
  }

  get family(): 4 | 6 {
    return isIPv6(this.options.host) ? 6 : 4;
  }

  get port(): number {
    return this.boundPort;
  }

  get endpoint(): string {
    return `${this.transport}:${formatHostPort(this.options.host, this.boundPort)}`;
  }

  async start(): Promise<void> {
    const server = this.tls === undefined ? this.createTcp() : this.createTls(this.tls);
    server.on('error', (error) => this.logger.warn({ err: error, endpoint: this.endpoint }, 'SIP listener error'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.options.port, host: this.options.host, ipv6Only: false }, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      server.close();
      throw new Error(`cannot listen on ${this.transport}:${formatHostPort(this.options.host, this.options.port)}: ${error.message}`);
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address !== null ? address.port : this.options.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Refuses an over-limit connection as soon as it is accepted (before any TLS handshake). */
  private admit(socket: Socket): boolean {
    if (this.table.admits(normaliseAddress(socket.remoteAddress ?? ''))) return true;
    this.logger.debug({ peer: socket.remoteAddress }, 'SIP connection refused: connection limit reached');
    socket.destroy();
    return false;
  }

  private createTcp(): Server {
    return createNetServer({ noDelay: true }, (socket) => {
      if (this.admit(socket)) this.table.adopt(socket, 'tcp', true, []);
    });
  }

  private createTls(material: TlsMaterial): Server {
    const server = createTlsServer({ ...material.secureContext, requestCert: material.verifyClient, rejectUnauthorized: material.verifyClient, handshakeTimeout: this.handshakeTimeoutMs });
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('secureConnection', (socket: TLSSocket) => {
      if (socket.destroyed) return;
      this.table.adopt(socket, 'tls', true, socket.authorized ? tlsPeerNames(socket) : []);
    });
    server.on('tlsClientError', (error, socket) => this.logger.debug({ err: error, peer: socket.remoteAddress }, 'TLS handshake failed'));
    return server;
  }
}
