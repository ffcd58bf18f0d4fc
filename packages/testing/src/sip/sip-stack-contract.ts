import { afterEach, describe, expect, it } from '@jest/globals';
import { type IncomingSipRequest, type IncomingSubscribe, type SipStack } from '@herald/sip-stack';
import { describeDialogContract } from './sip-stack-contract-dialogs';
import { sipRequestText } from './sip-request-text';
import { sipFilters, type SipTestPeer } from './sip-test-peer';

/** What a transport's tests give the contract suite for each test. */
export interface SipStackContractFixture {
  /** The stack under test, not started yet, trusting the peers `connect` makes. */
  readonly stack: SipStack;
  /** A peer talking to the started stack. */
  connect(): Promise<SipTestPeer>;
  /** Timers the stack's clock still has pending; must be 0 after `stop`. */
  pendingTimers?(): number;
  /** Releases what the fixture made besides the stack and its peers. */
  dispose?(): Promise<void>;
}

export type SipStackContractSetup = () => Promise<SipStackContractFixture>;

/** What the transport under test can show; tests of features it lacks are skipped, visibly. */
export interface SipStackContractFeatures {
  /** The fixture's stack runs with short timers (T1 ≤ 50 ms), so an unanswered NOTIFY ends (408) within seconds. */
  readonly fastTimers: boolean;
  /** A Contact URI the stack cannot deliver to, when the transport reports such failures (503). */
  readonly unreachableContact?: string;
  /**
   * The stack receives only the methods it registered for (drachtio-server answers the others
   * itself), so it never sees a REGISTER or an unknown method to answer 405 or 501.
   */
  readonly onlyRoutedMethods?: boolean;
}

/** Capabilities every contract test registers, so OPTIONS answers have something to list. */
export const contractCapabilities = {
  accept: ['application/pidf+xml', 'application/msrtc-event-categories+xml'],
  supported: ['eventlist', 'ms-piggyback-first-notify'],
  events: ['presence'],
};

/** The running stack, its peer, and the requests its handlers received. */
export interface ContractRun {
  readonly fixture: SipStackContractFixture;
  readonly stack: SipStack;
  readonly peer: SipTestPeer;
  /** Out-of-dialog SUBSCRIBEs, in arrival order. */
  readonly subscribes: IncomingSubscribe[];
  /** Waits for the n-th SUBSCRIBE (1-based). */
  nextSubscribe(): Promise<IncomingSubscribe>;
}

/**
 * The behaviour every `SipStack` transport must show, as seen by a SIP peer: handler
 * delivery, stateless answers, subscription dialogs and NOTIFY outcomes, and a clean stop.
 * Each test gets a fresh fixture from `setup`.
 */
export function describeSipStackContract(name: string, setup: SipStackContractSetup, features: SipStackContractFeatures): void {
  describe(`SipStack contract: ${name}`, () => {
    let active: ContractRun | undefined;

    afterEach(async () => {
      const run = active;
      active = undefined;
      await run?.peer.close();
      await run?.stack.stop();
      await run?.fixture.dispose?.();
    });

    /** Starts a fixture with a SUBSCRIBE handler that records requests (and more handlers). */
    async function start(register?: (stack: SipStack) => void): Promise<ContractRun> {
      const fixture = await setup();
      const subscribes: IncomingSubscribe[] = [];
      const waiting: ((request: IncomingSubscribe) => void)[] = [];
      fixture.stack.onSubscribe((request) => {
        const waiter = waiting.shift();
        if (waiter) waiter(request);
        else subscribes.push(request);
      }, contractCapabilities);
      register?.(fixture.stack);
      await fixture.stack.start();
      const peer = await fixture.connect();
      active = {
        fixture,
        stack: fixture.stack,
        peer,
        subscribes,
        nextSubscribe: () => {
          const queued = subscribes.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no SUBSCRIBE reached the handler within 3 s')), 3000);
            waiting.push((request) => {
              clearTimeout(timer);
              resolve(request);
            });
          });
        },
      };
      return active;
    }

    it('delivers a SUBSCRIBE written with compact header names, parsed', async () => {
      const { peer, nextSubscribe } = await start();
      const sent = sipRequestText(peer, { method: 'SUBSCRIBE', compact: true, extra: ['o: presence', 'k: eventlist', 'u: presence', 'Expires: 600'] });
      await peer.send(sent.text);
      const incoming = await nextSubscribe();
      const { request, source } = incoming;
      expect(request.method).toBe('SUBSCRIBE');
      expect(request.headers.get('Event')).toBe('presence');
      expect(request.headers.get('o')).toBe('presence');
      expect(request.headers.get('Allow-Events')).toBe('presence');
      expect(request.headers.getAll('Supported')).toEqual(['eventlist']);
      expect(request.headers.get('Expires')).toBe('600');
      expect(request.callId).toBe(sent.callId);
      expect(request.cseq).toEqual({ seq: 1, method: 'SUBSCRIBE' });
      expect(request.from.tag).toBe(sent.fromTag);
      expect(request.from.displayName).toBe('Watcher');
      expect(request.to.uri).toBe('sip:meet.alice@herald.test');
      expect(request.to.tag).toBeUndefined();
      expect(source.transport).toBe(peer.transport);
      incoming.respond(489, { headers: { 'Allow-Events': 'presence' } });
      const answer = await peer.receive(sipFilters.responseTo(sent.callId));
      expect(answer.status).toBe(489);
      expect(answer.get('Allow-Events')).toBe('presence');
      expect(answer.get('Via')).toContain(`branch=${sent.branch}`);
      expect(answer.from.tag).toBe(sent.fromTag);
      expect(answer.to.uri).toBe('sip:meet.alice@herald.test');
      expect(answer.to.tag).toMatch(/.+/);
      expect(answer.cseq).toEqual({ seq: 1, method: 'SUBSCRIBE' });
    });

    it('answers OPTIONS with 200 and the Allow, Accept, Supported and Allow-Events of its handlers', async () => {
      const { peer } = await start();
      const sent = sipRequestText(peer, { method: 'OPTIONS' });
      await peer.send(sent.text);
      const answer = await peer.receive(sipFilters.responseTo(sent.callId));
      expect(answer.status).toBe(200);
      expect(answer.getAll('Allow')).toEqual(expect.arrayContaining(['OPTIONS', 'SUBSCRIBE']));
      expect(answer.getAll('Accept')).toEqual(expect.arrayContaining(contractCapabilities.accept));
      expect(answer.getAll('Supported')).toEqual(expect.arrayContaining(contractCapabilities.supported));
      expect(answer.getAll('Allow-Events')).toEqual(['presence']);
      expect(answer.to.tag).toMatch(/.+/);
    });

    (features.onlyRoutedMethods ? it.skip : it)('answers 405 with Allow to a known method nobody handles, and 501 to an unknown one', async () => {
      const { peer } = await start();
      const register = sipRequestText(peer, { method: 'REGISTER', uri: `sip:${peer.stackHostPort}` });
      await peer.send(register.text);
      const notAllowed = await peer.receive(sipFilters.responseTo(register.callId));
      expect(notAllowed.status).toBe(405);
      expect(notAllowed.getAll('Allow')).toEqual(expect.arrayContaining(['OPTIONS', 'SUBSCRIBE']));
      const unknown = sipRequestText(peer, { method: 'FROBNICATE' });
      await peer.send(unknown.text);
      expect((await peer.receive(sipFilters.responseTo(unknown.callId))).status).toBe(501);
    });

    it('answers 420 with Unsupported to an unsupported Require, accepts supported ones and ignores Proxy-Require', async () => {
      const { peer, nextSubscribe } = await start();
      const options = sipRequestText(peer, { method: 'OPTIONS', extra: ['Require: eventlist, nothingSupportsThis'] });
      await peer.send(options.text);
      const refused = await peer.receive(sipFilters.responseTo(options.callId));
      expect(refused.status).toBe(420);
      expect(refused.getAll('Unsupported')).toEqual(['nothingSupportsThis']);
      const subscribe = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence', 'Require: eventlist', 'Proxy-Require: ms-benotify'] });
      await peer.send(subscribe.text);
      const incoming = await nextSubscribe();
      expect(incoming.request.headers.get('Proxy-Require')).toBe('ms-benotify');
      incoming.respond(403);
      expect((await peer.receive(sipFilters.responseTo(subscribe.callId))).status).toBe(403);
    });

    it('delivers other methods to their onRequest handler, which answers with a UTF-8 body', async () => {
      const received: IncomingSipRequest[] = [];
      const { peer } = await start((stack) => {
        stack.onRequest('MESSAGE', (request) => {
          received.push(request);
          request.respond(200, { body: 'reçu ✓', contentType: 'text/plain;charset=utf-8' });
        });
      });
      const sent = sipRequestText(peer, { method: 'MESSAGE', body: 'héllo', contentType: 'text/plain' });
      await peer.send(sent.text);
      const answer = await peer.receive(sipFilters.responseTo(sent.callId));
      expect(answer.status).toBe(200);
      expect(answer.body.toString('utf8')).toBe('reçu ✓');
      expect(Number(answer.get('Content-Length'))).toBe(Buffer.byteLength('reçu ✓'));
      expect(received[0]?.request.body.toString('utf8')).toBe('héllo');
    });

    describeDialogContract(start, features);

    it('stop() releases every socket and timer it opened', async () => {
      // Sockets closed by the previous test's cleanup leave the handle list a moment later.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = socketHandles();
      const { stack, peer, fixture } = await start();
      await peer.send(sipRequestText(peer, { method: 'OPTIONS' }).text);
      await peer.receive(sipFilters.response(200));
      await peer.close();
      await stack.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(socketHandles()).toEqual(before);
      if (fixture.pendingTimers) expect(fixture.pendingTimers()).toBe(0);
    });
  });
}

/** Counts of the socket handles the process has open, by kind. */
function socketHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/Wrap$/.test(kind) && kind !== 'TTYWrap') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
