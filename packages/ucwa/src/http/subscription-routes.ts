import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type PresenceSubscription } from '../applications/presence-subscription';
import { type UcwaApplication } from '../applications/ucwa-application';
import { UcwaError } from '../resources/ucwa-error';
import { type UcwaLinks } from '../resources/ucwa-links';
import { membershipsResource, subscriptionResource, subscriptionsResource } from '../resources/ucwa-resources';
import { applicationOf, type UcwaRouteContext, watchedMembers } from './route-context';
import { sendResource } from './ucwa-http';
import { appParams, membershipParams, subscriptionParams, subscriptionSchemas } from './ucwa-schemas';

const base = '/applications/:appId/people/presenceSubscriptions';

/** Presence subscriptions: create, list, extend, delete, and their members. */
export function registerSubscriptionRoutes(scope: FastifyInstance, context: UcwaRouteContext): void {
  const schemas = subscriptionSchemas(context.options.limits);

  scope.post(base, { schema: { params: appParams, body: schemas.create } }, (request, reply) => {
    const { application, links } = applicationOf(context, request);
    const body = request.body as { duration: number; uris: string[] };
    const subscription = application.subscribe(body.duration, watchedMembers(context, body.uris));
    reply.header('location', links.subscription(subscription.id));
    sendResource(request, reply, subscriptionResource(links, subscription), 201);
  });

  scope.get(base, { schema: { params: appParams } }, (request, reply) => {
    const { application, links } = applicationOf(context, request);
    sendResource(request, reply, subscriptionsResource(links, application.subscriptions()));
  });

  scope.get(`${base}/:subscriptionId`, { schema: { params: subscriptionParams } }, (request, reply) => {
    const { subscription, links } = subscriptionOf(context, request);
    sendResource(request, reply, subscriptionResource(links, subscription));
  });

  // UCWA extends a subscription with a POST on it: its duration starts again, with a new length if given.
  scope.post(`${base}/:subscriptionId`, { schema: { params: subscriptionParams, body: schemas.extend } }, (request, reply) => {
    const { application, subscription, links } = subscriptionOf(context, request);
    application.extend(subscription, (request.body as { duration?: number } | undefined)?.duration);
    sendResource(request, reply, subscriptionResource(links, subscription));
  });

  scope.delete(`${base}/:subscriptionId`, { schema: { params: subscriptionParams } }, (request, reply) => {
    const { application, subscription } = subscriptionOf(context, request);
    application.unsubscribe(subscription);
    reply.code(204).send();
  });

  scope.get(`${base}/:subscriptionId/memberships`, { schema: { params: subscriptionParams } }, (request, reply) => {
    const { subscription, links } = subscriptionOf(context, request);
    sendResource(request, reply, membershipsResource(links, subscription));
  });

  scope.post(`${base}/:subscriptionId/memberships`, { schema: { params: subscriptionParams, body: schemas.addMembers } }, (request, reply) => {
    const { application, subscription, links } = subscriptionOf(context, request);
    application.addMembers(subscription, watchedMembers(context, (request.body as { uris: string[] }).uris));
    sendResource(request, reply, membershipsResource(links, subscription));
  });

  scope.delete(`${base}/:subscriptionId/memberships/:uri`, { schema: { params: membershipParams } }, (request, reply) => {
    const { application, subscription } = subscriptionOf(context, request);
    const [member] = watchedMembers(context, [(request.params as { uri: string }).uri]);
    if (!application.removeMember(subscription, member.presentity)) {
      throw new UcwaError('NotFound', 'ResourceNotFound', `The presence subscription ${subscription.id} has no member '${member.presentity}'.`);
    }
    reply.code(204).send();
  });
}

function subscriptionOf(
  context: UcwaRouteContext,
  request: FastifyRequest,
): { application: UcwaApplication; subscription: PresenceSubscription; links: UcwaLinks } {
  const { application, links } = applicationOf(context, request);
  const { subscriptionId } = request.params as { subscriptionId: string };
  const subscription = application.subscription(subscriptionId);
  if (subscription === undefined) {
    throw new UcwaError('NotFound', 'ResourceNotFound', `This application has no presence subscription ${subscriptionId} (it was deleted, or it expired).`);
  }
  return { application, subscription, links };
}
