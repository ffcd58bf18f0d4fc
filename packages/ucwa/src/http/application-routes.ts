import { type FastifyInstance } from 'fastify';
import { type ApplicationRequest } from '../applications/ucwa-applications';
import { ResourceJson } from '../resources/resource-json';
import { UcwaError } from '../resources/ucwa-error';
import { applicationResource, contactResource, noteResource, peopleResource, presenceResource } from '../resources/ucwa-resources';
import { applicationOf, contactView, type UcwaRouteContext } from './route-context';
import { principalOf, sendResource, type UcwaRouteConfig } from './ucwa-http';
import { appParams, contactParams, contactResponse, createApplicationBody, noteResponse, photoQuery, presenceResponse } from './ucwa-schemas';

const publicRoute: UcwaRouteConfig = { ucwaPublic: true };

/** Applications, people, a contact's presence and note, and its photo. */
export function registerApplicationRoutes(scope: FastifyInstance, context: UcwaRouteContext): void {
  const presenceJson = new ResourceJson(presenceResource);
  const noteJson = new ResourceJson(noteResource);
  scope.post('/applications', { schema: { body: createApplicationBody } }, (request, reply) => {
    const { application, created } = context.applications.create(principalOf(request), request.body as ApplicationRequest);
    reply.header('location', application.links.application);
    sendResource(request, reply, applicationResource(application.links, application), created ? 201 : 200);
  });

  // Clients discover the API's authentication by asking for the applications resource: without
  // a token they get the 401 challenge; with one, this says how to create an application.
  scope.get('/applications', {}, () => {
    throw new UcwaError('MethodNotAllowed', 'MethodNotAllowed', 'Create an application with POST {userAgent, endpointId, culture}.', { allow: 'POST' });
  });

  scope.get('/applications/:appId', { schema: { params: appParams } }, (request, reply) => {
    const { application, links } = applicationOf(context, request);
    sendResource(request, reply, applicationResource(links, application));
  });

  scope.delete('/applications/:appId', { schema: { params: appParams } }, (request, reply) => {
    const { application } = applicationOf(context, request);
    context.applications.delete(principalOf(request), application.appId);
    reply.code(204).send();
  });

  scope.post('/applications/:appId/batch', { schema: { params: appParams } }, (request) => {
    applicationOf(context, request);
    throw new UcwaError('NotImplemented', 'BatchNotSupported', 'This server does not take batched requests: send each request on its own.');
  });

  scope.get('/applications/:appId/people', { schema: { params: appParams } }, (request, reply) => {
    const { links } = applicationOf(context, request);
    sendResource(request, reply, peopleResource(links));
  });

  scope.get('/applications/:appId/people/:uri', { schema: { params: contactParams, response: contactResponse } }, (request, reply) => {
    const { links } = applicationOf(context, request);
    sendResource(request, reply, contactResource(links, contactView(context, (request.params as { uri: string }).uri)));
  });

  // The response schemas document these two; the answers are sent as text rendered once per
  // contact view (see ResourceJson), the same bytes the schema's serializer would write.
  scope.get('/applications/:appId/people/:uri/presence', { schema: { params: contactParams, response: presenceResponse } }, (request, reply) => {
    const { links } = applicationOf(context, request);
    sendResource(request, reply, presenceJson.text(links, contactView(context, (request.params as { uri: string }).uri)));
  });

  scope.get('/applications/:appId/people/:uri/note', { schema: { params: contactParams, response: noteResponse } }, (request, reply) => {
    const { links } = applicationOf(context, request);
    sendResource(request, reply, noteJson.text(links, contactView(context, (request.params as { uri: string }).uri)));
  });

  // Public, like the avatars: Lync and browsers fetch photos without the API's token (an <img>
  // cannot send one). The bytes are those of /avatars/<hash>.jpg, which are public anyway; so
  // the photo does not depend on the application either, and keeps working after it expires.
  scope.get('/applications/:appId/photos/:uri', { schema: { params: contactParams, querystring: photoQuery }, config: publicRoute }, (request, reply) => {
    const view = contactView(context, (request.params as { uri: string }).uri);
    const image = view.avatar === undefined ? undefined : context.avatars?.avatarImage?.(view.avatar.hash);
    if (view.avatar === undefined || image === undefined) {
      throw new UcwaError('NotFound', 'ResourceNotFound', `The contact '${view.presentity}' has no photo.`);
    }
    // The URL names the contact, not the image, so clients revalidate; the ETag makes that a 304.
    const etag = `"${view.avatar.hash}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) reply.code(304).send();
    else reply.type(image.contentType).send(image.bytes);
  });
}

/** RFC 9110 §13.1.2: `*`, or any listed entity tag equal under weak comparison. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
