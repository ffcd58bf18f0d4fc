import { checkRequest, parseSipDatagram, type ParsedSipMessage } from '@herald/sip-stack';
import { RecordingLogger, type SipTortureCase, createStreamSipTestPeer, mutateSipMessage, seededRandom, createUdpSipTestPeer, sipFilters, sipRequestText, sipTortureCases, tortureParserStatus } from '@herald/testing';
import { startTestStack, type TestStack } from './testing/test-stack';

/**
 * Every message of the shared torture corpus, sent to the running stack over UDP and over TCP.
 * Malformed ones get the answer INDEX.tsv gives; well-formed ones get the answer a presence
 * server gives (200 to OPTIONS, 405 to methods it does not serve, 481 in unknown dialogs,
 * 420 to an unsupported Require), never a parse error; the stack stays up throughout.
 */
const cases = sipTortureCases();

/** The stack's answer to a well-formed request of the corpus. */
function presenceAnswer(c: SipTortureCase): number {
  const parserStatus = tortureParserStatus(c.expected);
  if (parserStatus !== undefined) return parserStatus; // insuf (400), unkscm (416)
  const message = parseSipDatagram(c.data) as ParsedSipMessage;
  checkRequest(message);
  if (c.method === 'OPTIONS') return message.has('Require') ? 420 : 200;
  return message.to.tag !== undefined ? 481 : 405; // a To tag (wsinv's is folded) puts it in a dialog nobody has
}

const expectedStatus = (c: SipTortureCase): number => (c.valid ? presenceAnswer(c) : (tortureParserStatus(c.expected) as number));

describe('the torture corpus against the running stack', () => {
  const logger = new RecordingLogger();
  let running: TestStack;
  beforeAll(async () => {
    running = await startTestStack({ logger, limits: { partialMessageMs: 300 } }, (stack) => stack.onSubscribe((request) => request.respond(489)));
  });
  afterAll(() => running.stop());

  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  describe('over UDP, each file as one datagram', () => {
    it.each(cases.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
      const peer = await createUdpSipTestPeer(running.address('udp'));
      try {
        await peer.send(c.data);
        const answer = await peer.receive(sipFilters.response(), 2000);
        expect(answer.status).toBe(expectedStatus(c));
        expect(await peer.collect(50, sipFilters.response())).toEqual([]);
      } finally {
        await peer.close();
      }
    });
  });

  describe('over TCP, each file as one write on a fresh connection', () => {
    it.each(cases.map((c) => [c.file, c] as const))('%s', async (file, c) => {
      const peer = await createStreamSipTestPeer(running.address('tcp'));
      const closed = new Promise<void>((resolve) => peer.socket.once('close', () => resolve()));
      try {
        await peer.send(c.data);
        if (file.endsWith('clerr.dat')) {
          // Content-Length beyond the data: wait for the rest, then give up and close (RFC 4475 §3.1.2.2).
          await closed;
          expect(await peer.collect(0)).toEqual([]);
          return;
        }
        const answers: ParsedSipMessage[] = [await peer.receive(sipFilters.response(), 2000)];
        if (file.endsWith('inv2543.dat')) {
          // No Content-Length: a stream cannot be framed (RFC 3261 §18.3), so 400 and close.
          expect(answers[0]?.status).toBe(400);
          expect(answers[0]?.reason).toMatch(/Content-Length/);
          await closed;
          return;
        }
        // dblreq: on a stream the "trailing octets" are a second request, answered in turn.
        if (file.endsWith('dblreq.dat')) answers.push(await peer.receive(sipFilters.response(), 2000));
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => expectedStatus(c)));
      } finally {
        await peer.close();
      }
    });
  });

  it('survives random mutations of the corpus sent over UDP and TCP (the fuzz, on the wire)', async () => {
    const rand = seededRandom(5060);
    const udp = await createUdpSipTestPeer(running.address('udp'));
    for (let i = 0; i < 1000; i++) await udp.send(mutateSipMessage((cases[i % cases.length] as SipTortureCase).data, rand));
    await udp.close();
    await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const tcp = await createStreamSipTestPeer(running.address('tcp'));
        for (let i = 0; i < 5; i++) await tcp.send(mutateSipMessage((cases[(n * 5 + i) % cases.length] as SipTortureCase).data, rand)).catch(() => undefined);
        await tcp.close();
      }),
    );
  });

  it('is still up and answering after the corpus, and logged no handling failure', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const peer = transport === 'udp' ? await createUdpSipTestPeer(running.address('udp')) : await createStreamSipTestPeer(running.address('tcp'));
      const sent = sipRequestText(peer, { method: 'OPTIONS' });
      await peer.send(sent.text);
      expect((await peer.receive(sipFilters.responseTo(sent.callId))).status).toBe(200);
      await peer.close();
    }
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
