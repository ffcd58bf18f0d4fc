import { type PresenceView, setBounded } from '@herald/core';
import { unpooledCopy } from '@herald/sip-stack';
import { type PresenceFormat, renderPresence } from './presence-format';

/** Views whose documents are kept; past it the oldest view's are dropped first. */
export const contactDocumentViews = 2048;

/** Documents kept per view: one per format, subscribed URI spelling and category list. */
const documentsPerView = 8;

/**
 * Contact documents, rendered once per view and reused for every watcher that asks for the
 * same one. Views are immutable and shared by all watchers of a presentity (a change makes a
 * new view), so a document keyed by its view is current for as long as anyone holds the view.
 * Each document keeps the publish time of its first rendering: that is when this state was
 * published, and watchers that subscribe later see the same instant.
 *
 * Rendering a categories document costs about as much as parsing the SUBSCRIBE it answers,
 * and encoding it to UTF-8 as much again; most subscriptions at a busy node are to the same
 * rooms. The bytes are kept outside the JS heap, so the cache costs the heap a small map.
 */
export class ContactDocuments {
  private readonly byView = new Map<PresenceView, Map<string, Buffer>>();

  /** @param now the wall clock (epoch ms) a document is stamped with when first rendered. */
  constructor(
    private readonly now: () => number,
    private readonly maxViews = contactDocumentViews,
  ) {}

  /** The UTF-8 document of `view` in `format`, for a watcher that subscribed to `uri`. */
  render(format: PresenceFormat, view: PresenceView, uri: string, categories: readonly string[] | undefined): Buffer {
    const key = categories === undefined ? `${format} ${uri}` : `${format} ${uri} ${categories.join(',')}`;
    let documents = this.byView.get(view);
    const known = documents?.get(key);
    if (known !== undefined) return known;
    const text = renderPresence(format, view, { uri, publishTime: this.now(), ...(categories === undefined ? {} : { categories }) });
    // A buffer of its own: `Buffer.from` alone gives a view of a shared 8 KiB pool slab, and the
    // stack keeps response bodies for retransmissions, which would keep whole slabs alive.
    const bytes = unpooledCopy(Buffer.from(text, 'utf8'));
    if (documents === undefined) {
      documents = new Map();
      setBounded(this.byView, view, documents, this.maxViews);
    }
    if (documents.size < documentsPerView) documents.set(key, bytes);
    return bytes;
  }

  /** Forgets every document (the node is stopping). */
  clear(): void {
    this.byView.clear();
  }
}
