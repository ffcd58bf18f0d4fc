import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type ChannelAnswer, type PendingGet } from '../applications/ucwa-application';
import { applicationNotFound, UcwaError } from '../resources/ucwa-error';
import { type UcwaLinks } from '../resources/ucwa-links';
import { eventsResource } from '../resources/ucwa-resources';
import { applicationOf, type UcwaRouteContext } from './route-context';
import { sendError, sendResource } from './ucwa-http';
import { appParams, eventsQuery } from './ucwa-schemas';

/**
 * How much longer than its timeout a held request's socket may stay silent. The registry's
 * sweep answers the request at its timeout; the socket's own idle timeout (the server's, 10 s
 * by default, far too short for a pending GET) is raised past that only as a safety net.
 */
const socketGraceMs = 30_000;

/**
 * `GET …/events?ack=N[&timeout=S]`: the pending GET. Answers at once when there are events
 * after N (or N is outside the buffered window: resync), else holds the request until an event
 * arrives or the timeout passes. The timeout is clamped to the configured range.
 */
export function registerEventRoute(scope: FastifyInstance, context: UcwaRouteContext): void {
  const { min, max } = context.options.limits.pendingGetTimeoutS;
  // No automatic HEAD route: a HEAD would be held like a GET and answered with nothing.
  const options = { schema: { params: appParams, querystring: eventsQuery(context.options.limits) }, exposeHeadRoute: false };
  scope.get('/applications/:appId/events', options, (request, reply) => {
    const { application, links } = applicationOf(context, request);
    const query = request.query as { ack?: number; timeout: number };
    const timeoutMs = Math.min(max, Math.max(min, query.timeout)) * 1000;
    const get = new HttpPendingGet(request, reply, links);
    request.raw.socket?.setTimeout(timeoutMs + socketGraceMs);
    // 'close' on the response: answered, or the client went away; either way it is no longer held.
    reply.raw.once('close', () => application.cancel(get));
    // Without an ack the client has not followed the server's link: 0 is outside every window, so it is told to resync.
    application.poll(query.ack ?? 0, timeoutMs, get);
  });
}

/** A held event-channel request, answered exactly once. */
class HttpPendingGet implements PendingGet {
  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly links: UcwaLinks,
  ) {}

  answer(answer: ChannelAnswer): void {
    const { request, reply } = this;
    if (reply.sent || reply.raw.destroyed) return;
    switch (answer.kind) {
      case 'read':
        sendResource(request, reply, eventsResource(this.links, answer.ack, answer.read));
        return;
      case 'replaced':
        sendError(request, reply, new UcwaError('Conflict', 'PGetReplaced', 'A newer event-channel request of this application replaced this one.'));
        return;
      case 'gone':
        sendError(request, reply, applicationNotFound());
        return;
      case 'closing':
        reply.header('connection', 'close');
        sendResource(request, reply, eventsResource(this.links, answer.ack, { kind: 'none', next: answer.ack }));
        return;
    }
  }
}
