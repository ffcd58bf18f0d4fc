import { Availability, type PresenceView } from '@herald/core';
import { escapeXml } from './xml-text';

/** Legacy MSRTC aggregates (0–999) for each band: [availability, activity]. */
const aggregates: Readonly<Record<number, readonly [number, number]>> = {
  [Availability.Available.code]: [300, 400],
  [Availability.Busy.code]: [300, 600],
  [Availability.DoNotDisturb.code]: [300, 600],
  [Availability.BeRightBack.code]: [300, 300],
  [Availability.Away.code]: [300, 100],
  [Availability.Offline.code]: [0, 100],
};

/**
 * `text/xml+msrtc.pidf`, the format of Lync's ancestors (LCS, OC 2005) and of their federated
 * watchers: availability and activity aggregates and the display name. The presentity URI is
 * written without its scheme, as those servers do. The format has no photo.
 */
export function renderMsrtcPidfDocument(view: PresenceView, uri: string): string {
  const [availability, activity] = aggregates[view.availability.code] ?? [300, 400];
  const bare = withoutScheme(uri);
  return (
    `<presentity xmlns="http://schemas.microsoft.com/09/2002/sip/presence" uri="${escapeXml(bare)}">` +
    `<availability aggregate="${availability}" description=""/>` +
    `<activity aggregate="${activity}" description=""/>` +
    `<displayName displayName="${escapeXml(view.displayName)}"/>` +
    '</presentity>'
  );
}

function withoutScheme(uri: string): string {
  const lower = uri.slice(0, 5).toLowerCase();
  if (lower.startsWith('sips:')) return uri.slice(5);
  if (lower.startsWith('sip:')) return uri.slice(4);
  return uri;
}
