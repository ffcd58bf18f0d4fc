import { createSocket } from 'node:dgram';
import { connect as netConnect, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { checkRequest, checkResponse, parseSipDatagram, type ParsedSipMessage, SipStreamDecoder, writeResponse } from '@herald/sip-stack';
import { MessageQueue } from './message-queue';
import { type SipTestPeer } from './sip-test-peer';

/** Where the stack under test listens. */
export interface SipStackAddress {
  /** An IP address: `127.0.0.1` or `::1`. */
  readonly host: string;
  readonly port: number;
}

/** Parses what the stack sent and fills in the checked fields (Call-ID, CSeq, tags, top Via). */
function accept(message: ParsedSipMessage, queue: MessageQueue): void {
  if (message.isRequest) checkRequest(message);
  else checkResponse(message);
  queue.push(message);
}

function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Builds the peer's answer to a request from the stack. */
function responseTo(request: ParsedSipMessage, status: number, headers: Readonly<Record<string, string>> = {}): Buffer {
  const lines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return writeResponse(request, { status, toTag: 'peer-tag', headerLines: lines });
}

/** The parts of a peer that do not depend on its transport. */
function peerOver(queue: MessageQueue, send: (data: string | Buffer) => Promise<void>, stack: SipStackAddress): Pick<SipTestPeer, 'stackHostPort' | 'send' | 'receive' | 'collect' | 'respond'> {
  return {
    stackHostPort: hostPort(stack.host, stack.port),
    send,
    receive: (filter, timeoutMs) => queue.receive(filter, timeoutMs),
    collect: (ms, filter) => queue.collect(ms, filter),
    respond: (request, status, headers) => send(responseTo(request, status, headers)),
  };
}

/** A UDP test peer on loopback (or `::1`), sending to the stack's UDP listener. */
export async function createUdpSipTestPeer(stack: SipStackAddress): Promise<SipTestPeer> {
  const v6 = isIPv6(stack.host);
  const socket = createSocket(v6 ? 'udp6' : 'udp4');
  const queue = new MessageQueue();
  socket.on('message', (data) => {
    const message = parseSipDatagram(data);
    if (typeof message !== 'string') accept(message, queue);
  });
  await new Promise<void>((resolve) => socket.bind(0, v6 ? '::1' : '127.0.0.1', resolve));
  const local = socket.address();
  let closed = false;
  const send = (data: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => socket.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, stack.port, stack.host, (error) => (error ? reject(error) : resolve())));
  return {
    ...peerOver(queue, send, stack),
    transport: 'udp',
    host: local.address,
    port: local.port,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/** A TCP or TLS test peer: one connection to the stack, messages framed by Content-Length. */
export async function createStreamSipTestPeer(stack: SipStackAddress, transport: 'tcp' | 'tls' = 'tcp', tls: ConnectionOptions = {}): Promise<SipTestPeer & { readonly socket: Socket }> {
  const queue = new MessageQueue();
  const decoder = new SipStreamDecoder();
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = transport === 'tls' ? tlsConnect({ host: stack.host, port: stack.port, rejectUnauthorized: false, ...tls }, () => resolve(s)) : netConnect({ host: stack.host, port: stack.port }, () => resolve(s));
    s.once('error', reject);
  });
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    decoder.push(chunk);
    for (;;) {
      const event = decoder.next();
      if (event.kind === 'message') accept(event.message, queue);
      else if (event.kind !== 'ping') break;
    }
  });
  const send = (data: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      if (socket.destroyed) return reject(new Error('the test peer connection is closed'));
      socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  return {
    ...peerOver(queue, send, stack),
    socket,
    transport,
    host: socket.localAddress ?? '127.0.0.1',
    port: socket.localPort ?? 0,
    close: async () => {
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    },
  };
}
