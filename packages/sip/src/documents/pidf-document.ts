import { Availability, type PresenceView } from '@herald/core';
import { escapeXml } from './xml-text';

const rpidActivity: Readonly<Record<number, string | undefined>> = {
  [Availability.Busy.code]: 'busy',
  [Availability.DoNotDisturb.code]: 'busy',
  [Availability.BeRightBack.code]: 'away',
  [Availability.Away.code]: 'away',
};

/**
 * `application/pidf+xml` (RFC 3863) with the RPID activity (RFC 4480) and the CIPID display
 * name and icon (RFC 4482), for standard SIMPLE watchers. Available is `basic open` with no
 * activity; Offline is `basic closed`; the busy and away bands add an RPID activity.
 */
export function renderPidfDocument(view: PresenceView, entity: string): string {
  const basic = view.availability.code >= Availability.Offline.code ? 'closed' : 'open';
  const activity = rpidActivity[view.availability.code];
  const note = view.note === '' ? '' : `<note>${escapeXml(view.note)}</note>`;
  const personNote = view.note === '' ? '' : `<dm:note>${escapeXml(view.note)}</dm:note>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"' +
    ' xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:c="urn:ietf:params:xml:ns:pidf:cipid"' +
    ` entity="${escapeXml(entity)}">` +
    `<tuple id="room"><status><basic>${basic}</basic></status><contact priority="1.0">${escapeXml(entity)}</contact>${note}</tuple>` +
    '<dm:person id="contact">' +
    (activity === undefined ? '' : `<rpid:activities><rpid:${activity}/></rpid:activities>`) +
    `<c:display-name>${escapeXml(view.displayName)}</c:display-name>` +
    (view.avatar === undefined ? '' : `<c:icon>${escapeXml(view.avatar.url)}</c:icon>`) +
    personNote +
    '</dm:person></presence>'
  );
}
