// The baseline: a bare Fastify hello-world, default options, on a free loopback port.
// Prints "listening <port>" once it accepts requests.
const Fastify = require('fastify');

const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
app.listen({ host: '127.0.0.1', port: 0 }).then(() => {
  console.log(`listening ${app.server.address().port}`);
});
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
