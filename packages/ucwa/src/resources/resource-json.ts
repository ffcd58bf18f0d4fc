import { type PresenceView } from '@herald/core';
import { type UcwaLinks } from './ucwa-links';

/** A resource's JSON cut where the application's path starts in its one link. */
type Parts = readonly [before: string, after: string];

/** Where the last link's value starts: `"href":"` can only be structure, never inside an escaped string. */
const hrefKey = '"href":"';

/**
 * The JSON text of a contact's presence or note for an application, as `JSON.stringify` of the
 * resource gives it, without building and serialising the resource on every request (the
 * hottest path of the API: a client polls its contacts' presence). The text depends on the
 * application only through its path, at the start of the resource's one link; so it is
 * rendered once per view, cut there, and each request joins the two parts around its
 * application's path. A text where that does not hold is rendered whole on every request.
 *
 * Views are the keys: the resolution cache hands out the same view object until the directory,
 * rules or avatars change, and a new view (a change) misses and is rendered afresh. A
 * `WeakMap` lets the parts go with their view, so this holds no more than that cache does.
 */
export class ResourceJson {
  private readonly parts = new WeakMap<PresenceView, Parts | false>();

  /** @param render the resource builder (`presenceResource`, `noteResource`): one link. */
  constructor(private readonly render: (links: UcwaLinks, view: PresenceView) => object) {}

  text(links: UcwaLinks, view: PresenceView): string {
    let parts = this.parts.get(view);
    if (parts === undefined) {
      parts = this.cut(links, view);
      this.parts.set(view, parts);
    }
    // `false`: the text did not have the expected shape; it is rendered whole every time.
    return parts === false ? JSON.stringify(this.render(links, view)) : parts[0] + links.applicationJson + parts[1];
  }

  private cut(links: UcwaLinks, view: PresenceView): Parts | false {
    const json = JSON.stringify(this.render(links, view));
    const start = json.lastIndexOf(hrefKey) + hrefKey.length;
    // Cut only where the application's path is the link's start and appears nowhere else (no
    // second link, no text quoting it): then every other byte is the same for all applications.
    if (start < hrefKey.length || json.indexOf(links.applicationJson) !== start || json.includes(links.applicationJson, start + 1)) return false;
    return [json.slice(0, start), json.slice(start + links.applicationJson.length)];
  }
}
