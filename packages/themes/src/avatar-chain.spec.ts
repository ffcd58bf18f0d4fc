import { type AvatarRequest, type ThemeDefinition } from '@herald/core';
import { chooseAvatar } from './avatar-chain';
import { type PreparedAvatar } from './avatar-image';
import { type LoadedTheme } from './theme-library';

const avatar = (hash: string): PreparedAvatar => ({ bytes: Buffer.from(hash), hash, width: 96, height: 96, warnings: [] });
const base = avatar('base');
const themes: ThemeDefinition[] = [
  { name: 'Boardroom', id: 2, path: '/t/boardroom' },
  { name: 'Example Blue', id: 1, path: '/t/blue' },
  { name: 'Plain', path: '/t/plain.zip' },
  { name: 'Broken', path: '/t/broken' },
  { name: 'Hostile', path: '/t/hostile.zip' },
];
const loaded: Record<string, LoadedTheme> = {
  '/t/boardroom': { path: '/t/boardroom', signature: '', avatar: avatar('board'), avatarLocation: '' },
  '/t/blue': { path: '/t/blue', signature: '', avatar: avatar('blue'), avatarLocation: '' },
  '/t/plain.zip': { path: '/t/plain.zip', signature: '', avatarLocation: '' },
  '/t/broken': { path: '/t/broken', signature: '', avatarProblem: 'is a PNG image, not a JPEG', avatarLocation: '' },
  '/t/hostile.zip': { path: '/t/hostile.zip', signature: '', packageProblem: 'has an entry whose path escapes the theme', avatarLocation: '' },
};

function choose(request: AvatarRequest, defaultTheme: string | undefined = 'Example Blue', gatewayTheme: 'default' | 'rule' = 'default') {
  return chooseAvatar(request, { themes, ...(defaultTheme === undefined ? {} : { defaultTheme }) }, gatewayTheme, (path) => loaded[path], base);
}

describe('chooseAvatar: the per-file fallback chain', () => {
  it("gives a VMR its own theme's avatar", () => {
    const choice = choose({ purpose: 'service', theme: 'Boardroom' });
    expect([choice.avatar.hash, choice.supplier]).toEqual(['board', 'Boardroom']);
    expect(choice.chain).toEqual(["'Boardroom' (service theme): presence_avatar_image.jpg"]);
  });

  it('finds a theme by id as well as by name', () => {
    expect(choose({ purpose: 'service', theme: '2' }).supplier).toBe('Boardroom');
  });

  it("gives a VMR without a theme the default theme's avatar", () => {
    const choice = choose({ purpose: 'service' });
    expect(choice.supplier).toBe('Example Blue');
    expect(choice.chain).toEqual(["'Example Blue' (default theme): presence_avatar_image.jpg"]);
  });

  it("falls back per file: a theme without the avatar yields to the default theme's", () => {
    const choice = choose({ purpose: 'service', theme: 'Plain' });
    expect(choice.supplier).toBe('Example Blue');
    expect(choice.chain).toEqual(["'Plain' (service theme): has no presence_avatar_image.jpg", "'Example Blue' (default theme): presence_avatar_image.jpg"]);
  });

  it('uses the built-in image when the default theme lacks the file too', () => {
    const choice = choose({ purpose: 'service', theme: 'Plain' }, 'Plain');
    expect(choice.avatar).toBe(base);
    expect(choice.supplier).toBeUndefined();
    expect(choice.chain).toEqual(["'Plain' (service theme): has no presence_avatar_image.jpg", 'built-in base theme: presence_avatar_image.jpg']);
  });

  it('uses the built-in image when there is no default theme', () => {
    expect(chooseAvatar({ purpose: 'service' }, { themes }, 'default', (path) => loaded[path], base).avatar).toBe(base);
  });

  it('treats a refused file or package as absent, and says why in the chain', () => {
    expect(choose({ purpose: 'service', theme: 'Broken' }).chain).toEqual([
      "'Broken' (service theme): presence_avatar_image.jpg refused: it is a PNG image, not a JPEG",
      "'Example Blue' (default theme): presence_avatar_image.jpg",
    ]);
    expect(choose({ purpose: 'service', theme: 'Hostile' }, 'Hostile').chain).toEqual([
      "'Hostile' (service theme): package refused: it has an entry whose path escapes the theme",
      'built-in base theme: presence_avatar_image.jpg',
    ]);
  });

  it("gives a gateway contact the default theme's avatar, not its rule's theme", () => {
    const choice = choose({ purpose: 'gateway', theme: 'Boardroom' });
    expect(choice.supplier).toBe('Example Blue');
    expect(choice.chain).toEqual(["'Example Blue' (default theme): presence_avatar_image.jpg"]);
  });

  it("gives a gateway contact its rule's theme when configured so, still falling back", () => {
    expect(choose({ purpose: 'gateway', theme: 'Boardroom' }, 'Example Blue', 'rule').chain).toEqual(["'Boardroom' (rule theme): presence_avatar_image.jpg"]);
    expect(choose({ purpose: 'gateway', theme: 'Plain' }, 'Example Blue', 'rule').supplier).toBe('Example Blue');
    expect(choose({ purpose: 'gateway' }, 'Example Blue', 'rule').supplier).toBe('Example Blue');
  });

  it('tries a theme once when it is both the service theme and the default', () => {
    expect(choose({ purpose: 'service', theme: 'Plain' }, 'Plain').chain).toHaveLength(2);
  });

  it('says so when a reference names no theme, or a theme is not read yet', () => {
    const unread = chooseAvatar({ purpose: 'service', theme: 'Boardroom' }, { themes, defaultTheme: 'Gone' }, 'default', () => undefined, base);
    expect(unread.chain).toEqual(["'Boardroom' (service theme): not read yet", "'Gone' (default theme): no such theme", 'built-in base theme: presence_avatar_image.jpg']);
  });
});
