import { Availability, type PresenceView } from '@herald/core';
import { aService } from '@herald/testing';
import { ResourceJson } from './resource-json';
import { UcwaLinks } from './ucwa-links';
import { noteResource, presenceResource } from './ucwa-resources';

const service = aService({ name: 'Alice' });
const view: PresenceView = {
  presentity: 'meet.alice@vc.example.com',
  availability: Availability.Available,
  displayName: 'Alice',
  note: 'Weekly syncs',
  title: 'Virtual Meeting Room',
  source: { kind: 'service', service, alias: service.aliases[0] },
};

describe('ResourceJson', () => {
  const apps = [new UcwaLinks('yeqdWztKznr7Ljjq'), new UcwaLinks('A_b-9'), new UcwaLinks('x')];

  it.each<[string, (links: UcwaLinks, view: PresenceView) => object]>([
    ['presence', presenceResource],
    ['note', noteResource],
  ])("gives each application the same text as JSON.stringify of its %s resource, rendering a view once", (_kind, render) => {
    const renders = jest.fn(render);
    const json = new ResourceJson(renders);
    for (const links of [...apps, ...apps]) {
      const text = json.text(links, view);
      expect(text).toBe(JSON.stringify(render(links, view)));
      expect(JSON.parse(text)._links.self.href).toMatch(new RegExp(`^${links.application}/people/meet\\.alice@vc\\.example\\.com/`));
    }
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('renders a changed view afresh, and escapes what a theme writes', () => {
    const json = new ResourceJson(noteResource);
    const links = apps[0];
    expect(JSON.parse(json.text(links, view)).message).toBe('Weekly syncs');
    // Text that looks like the link's key or the application's path changes nothing.
    const tricky: PresenceView = { ...view, note: `"href":"${links.application} \u2028 \ud800 "quoted"\n`, presentity: 'room/1?x@vc.example.com' };
    for (const app of apps) expect(json.text(app, tricky)).toBe(JSON.stringify(noteResource(app, tricky)));
    expect(JSON.parse(json.text(links, tricky))).toEqual(noteResource(links, tricky));
  });

  it('renders the whole text every time for a resource with more than one link', () => {
    const twoLinks = (links: UcwaLinks, v: PresenceView) => ({ message: v.note, _links: { up: { href: links.people() }, self: { href: links.note(v.presentity) } } });
    const json = new ResourceJson(twoLinks);
    for (const app of [...apps, ...apps]) expect(json.text(app, view)).toBe(JSON.stringify(twoLinks(app, view)));
  });
});
