import { type FastifyRequest } from 'fastify';
import { type AvatarSource, type Logger, type PresenceView, type ResolutionCache } from '@herald/core';
import { type WatchedMember } from '../applications/contact-watches';
import { type UcwaApplication } from '../applications/ucwa-application';
import { type UcwaApplications } from '../applications/ucwa-applications';
import { type ClientCredentialsIssuer } from '../auth/client-credentials-issuer';
import { type UcwaAuthenticator } from '../auth/ucwa-authenticator';
import { applicationNotFound, UcwaError } from '../resources/ucwa-error';
import { type UcwaLinks } from '../resources/ucwa-links';
import { type UcwaOptions } from '../ucwa-options';
import { principalOf } from './ucwa-http';

/** What the route handlers work with. */
export interface UcwaRouteContext {
  readonly applications: UcwaApplications;
  readonly contacts: ResolutionCache;
  readonly avatars: AvatarSource | undefined;
  readonly authenticator: UcwaAuthenticator;
  readonly issuer: ClientCredentialsIssuer;
  readonly options: UcwaOptions;
  readonly logger: Logger;
}

/** The application named by the path, if it belongs to the request's principal; otherwise 404 ApplicationNotFound. */
export function applicationOf(context: UcwaRouteContext, request: FastifyRequest): { application: UcwaApplication; links: UcwaLinks } {
  const { appId } = request.params as { appId: string };
  const application = context.applications.find(principalOf(request), appId);
  if (application === undefined) throw applicationNotFound();
  return { application, links: application.links };
}

/**
 * The view of the contact named by a path segment (`sip:user@host`, URL-encoded or not, or
 * `user@host`), as Lync sees it: resolved for MS-SIP. 404 when Herald publishes no presence for
 * it. The reasons (which rules were tried) stay in the server's trace, not in the answer.
 */
export function contactView(context: UcwaRouteContext, uri: string): PresenceView {
  const resolution = context.contacts.resolve(uri);
  if (resolution.view !== undefined) return resolution.view;
  const why = resolution.presentity === undefined ? 'it is not a SIP URI or alias' : 'it is not a room, an auditorium or a gateway contact of this node';
  throw new UcwaError('NotFound', 'ResourceNotFound', `There is no contact '${uri}': ${why}.`);
}

/** Resolves the URIs of a subscription request; one that is not an alias at all is a 400 naming its place in the list. */
export function watchedMembers(context: UcwaRouteContext, uris: readonly string[]): WatchedMember[] {
  return uris.map((uri, index) => {
    const resolution = context.contacts.resolve(uri);
    if (resolution.presentity === undefined) {
      throw new UcwaError('BadRequest', 'ParameterValidationFailure', `body.uris[${index}] is not a SIP URI or alias: ${resolution.trace[0] ?? uri}`);
    }
    return { presentity: resolution.presentity, view: resolution.view };
  });
}
