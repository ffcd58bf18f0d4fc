import { checkResponse, type InDialogOutcome, type ParsedSipMessage, parseSipDatagram } from '@herald/sip-stack';
import { collectGarbage, FakeClock } from '@herald/testing';
import { ClientTransactions } from './client-transactions';
import { TimerWheel } from './timer-wheel';
import { type SentVia } from './transport/transports';


const okTo = (branch: string): ParsedSipMessage => {
  const text = [
    'SIP/2.0 200 OK',
    `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=${branch}`,
    'From: <sip:room@vc.example.com>;tag=n1',
    'To: <sip:bob@contoso.com>;tag=w1',
    'Call-ID: c1@127.0.0.1',
    'CSeq: 2 NOTIFY',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseSipDatagram(Buffer.from(text, 'latin1'));
  if (typeof parsed === 'string' || !checkResponse(parsed)) throw new Error('the test response does not parse');
  return parsed;
};

/** Starts a NOTIFY's transaction whose send path is the only holder of the request's bytes. */
function startHolding(transactions: ClientTransactions, branch: string, outcomes: InDialogOutcome[]) {
  const bytes = { data: Buffer.alloc(1200, 0x41) };
  const sent: SentVia = { kind: 'udp', resend: () => void bytes.data.length };
  transactions.start(branch, 'NOTIFY', sent, (outcome) => outcomes.push(outcome));
  return new WeakRef(bytes);
}

describe('ClientTransactions', () => {
  it('answers the waiter once, and while absorbing retransmitted responses (Timer K) keeps nothing of the request', async () => {
    const clock = new FakeClock();
    const transactions = new ClientTransactions(new TimerWheel(clock, 10), { t1Ms: 500, t2Ms: 4000, t4Ms: 5000 }, 10);
    const outcomes: InDialogOutcome[] = [];
    const request = startHolding(transactions, 'z9hG4bK-1', outcomes);
    expect(transactions.onResponse(okTo('z9hG4bK-1'))).toBe(true);
    expect(transactions.onResponse(okTo('z9hG4bK-1'))).toBe(true); // a retransmitted 200: absorbed
    expect(outcomes).toEqual([{ status: 200, reason: 'OK', origin: 'peer' }]);
    expect(transactions.size).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(request.deref()).toBeUndefined();
    clock.advance(5010);
    expect(transactions.size).toBe(0);
    expect(transactions.onResponse(okTo('z9hG4bK-1'))).toBe(false);
  });
});
