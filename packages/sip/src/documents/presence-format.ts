import { type PresenceView } from '@herald/core';
import { renderCategoriesDocument } from './categories-document';
import { renderMsrtcPidfDocument } from './msrtc-pidf-document';
import { renderPidfDocument } from './pidf-document';

/** The documents Herald can send for one contact. */
export type PresenceFormat = 'categories' | 'msrtc-pidf' | 'pidf';

export const contentTypes: Readonly<Record<PresenceFormat, string>> = {
  categories: 'application/msrtc-event-categories+xml',
  'msrtc-pidf': 'text/xml+msrtc.pidf',
  pidf: 'application/pidf+xml',
};

export interface RenderRequest {
  /** The presentity URI as the watcher wrote it, with scheme. */
  readonly uri: string;
  /** For categories: the categories asked for. */
  readonly categories?: readonly string[];
  readonly publishTime: number;
}

/** Renders one contact's document in a format. */
export function renderPresence(format: PresenceFormat, view: PresenceView, request: RenderRequest): string {
  switch (format) {
    case 'categories':
      return renderCategoriesDocument(view, request);
    case 'msrtc-pidf':
      return renderMsrtcPidfDocument(view, request.uri);
    case 'pidf':
      return renderPidfDocument(view, request.uri);
  }
}
