// Opens many UCWA pending GETs against a running node, from its own process so that the
// server's figures are its own: creates one application per request (a second pending GET on
// the same application would replace the first), then, when told, holds `count` event-channel
// requests, each on its own raw socket. Reports to its parent over IPC and closes everything
// when told.
const { connect } = require('node:net');
const { Agent, request } = require('node:http');

const [base, token, countText] = process.argv.slice(2);
const count = Number(countText);
const url = new URL(base);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function createApplication(i) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ userAgent: 'herald-bench', endpointId: `bench-${process.pid}-${i}`, culture: 'en-US' });
    const req = request(
      { host: url.hostname, port: url.port, path: '/ucwa/oauth/v1/applications', method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text)._links.events.href) : reject(new Error(`application ${i}: HTTP ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function createApplications() {
  const hrefs = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      hrefs[i] = await createApplication(i);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  agent.destroy();
  return hrefs;
}

const sockets = [];
const outcome = { held: 0, answered: 0, errors: 0, firstError: undefined };

function hold(href) {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(`GET ${href} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
      resolve();
    });
    socket.setNoDelay(true);
    socket.on('data', () => {
      outcome.answered++;
      socket.destroy();
    });
    socket.on('error', (error) => {
      outcome.errors++;
      outcome.firstError ??= error.message;
      resolve();
    });
    sockets.push(socket);
  });
}

let proceed;
const opening = new Promise((resolve) => (proceed = resolve));

async function main() {
  const started = Date.now();
  const hrefs = await createApplications();
  // The parent measures the server with the applications alone, then lets the requests go.
  process.send({ kind: 'created', createMs: Date.now() - started });
  await opening;
  const created = Date.now();
  // In batches, so that the listen backlog is never overrun.
  for (let i = 0; i < hrefs.length; i += 500) await Promise.all(hrefs.slice(i, i + 500).map(hold));
  await new Promise((r) => setTimeout(r, 2000));
  outcome.held = sockets.filter((s) => !s.destroyed).length;
  process.send({ kind: 'holding', ...outcome, openMs: Date.now() - created });
}

process.on('message', (message) => {
  if (message === 'open') return proceed();
  if (message !== 'release') return;
  const stillHeld = sockets.filter((s) => !s.destroyed).length;
  for (const socket of sockets) socket.destroy();
  process.send({ kind: 'released', stillHeld, answered: outcome.answered, errors: outcome.errors });
  setTimeout(() => process.exit(0), 100);
});

main().catch((error) => {
  process.send({ kind: 'failed', message: error.message });
  process.exit(1);
});
