import { type PresenceView } from '@herald/core';
import { escapeXml, microsoftTimestamp } from './xml-text';

/** The categories Herald publishes; a request's categoryList is intersected with these. */
export const publishedCategories: readonly string[] = ['state', 'contactCard', 'note'];

const ns = {
  categories: 'http://schemas.microsoft.com/2006/09/sip/categories',
  state: 'http://schemas.microsoft.com/2006/09/sip/state',
  contactCard: 'http://schemas.microsoft.com/2006/09/sip/contactcard',
  commonTypes: 'http://schemas.microsoft.com/2006/09/sip/commontypes',
  note: 'http://schemas.microsoft.com/2006/09/sip/note',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

const delimiter = `<delimiter xmlns="${ns.commonTypes}"/>`;
const end = `<end xmlns="${ns.commonTypes}"/>`;

export interface CategoriesOptions {
  /** The presentity URI exactly as the watcher subscribed to it, with its `sip:` scheme. */
  readonly uri: string;
  /** Categories the watcher asked for; all published categories when undefined. */
  readonly categories?: readonly string[];
  /** When the state was published (epoch ms). */
  readonly publishTime: number;
}

/**
 * `application/msrtc-event-categories+xml` for one contact, as Lync/SfB expects it from a
 * remote presentity: the aggregate state; the contact card instances Lync uses for the name
 * (0), the title and description (5) and the web photo (6), with the 2007 R2 and 2010
 * extensions after `delimiter` markers; and the personal note. No container or version
 * attributes: those belong to self-subscriptions. An empty instance clears what a watcher
 * cached (a removed description or avatar).
 */
export function renderCategoriesDocument(view: PresenceView, options: CategoriesOptions): string {
  const wanted = (name: string) => options.categories === undefined || options.categories.includes(name);
  const time = microsoftTimestamp(options.publishTime);
  const category = (name: string, instance: number, body: string | undefined) =>
    body === undefined
      ? `<category name="${name}" instance="${instance}" publishTime="${time}"/>`
      : `<category name="${name}" instance="${instance}" publishTime="${time}">${body}</category>`;

  const parts: string[] = [];
  if (wanted('state')) {
    const activity = view.activity === undefined ? '' : `<activity token="${escapeXml(view.activity)}"/>`;
    parts.push(
      category(
        'state',
        1,
        `<state xmlns="${ns.state}" xmlns:xsi="${ns.xsi}" xsi:type="aggregateState"><availability>${view.availability.code}</availability>${activity}</state>`,
      ),
    );
  }
  if (wanted('contactCard')) {
    const card = (inner: string) => `<contactCard xmlns="${ns.contactCard}">${inner}</contactCard>`;
    parts.push(category('contactCard', 0, card(`<identity><name><displayName>${escapeXml(view.displayName)}</displayName></name></identity>`)));
    const description = view.note === '' ? '' : `<description>${escapeXml(view.note)}</description>`;
    parts.push(category('contactCard', 5, card(`<title>${escapeXml(view.title)}</title>${delimiter}${description}${end}`)));
    parts.push(
      category(
        'contactCard',
        6,
        view.avatar === undefined
          ? undefined
          : card(
              `${delimiter}${delimiter}<displayADPhoto>false</displayADPhoto>` +
                `<photo type="default"><uri>${escapeXml(view.avatar.url)}</uri><hash>${escapeXml(view.avatar.hash)}</hash></photo>${end}`,
            ),
      ),
    );
  }
  if (wanted('note')) {
    parts.push(category('note', 0, view.note === '' ? undefined : `<note xmlns="${ns.note}"><body type="personal" uri="">${escapeXml(view.note)}</body></note>`));
  }
  return `<categories xmlns="${ns.categories}" uri="${escapeXml(options.uri)}">${parts.join('')}</categories>`;
}
