import { type AvatarChange, type AvatarImage, type AvatarRef, type AvatarRequest, type AvatarSource, Emitter } from '@herald/core';

/**
 * Avatars by theme name: a service gets its theme's avatar when one was set, else the default
 * theme's; a gateway contact gets the default theme's. `setAvatar` changes one and announces it.
 * `avatarImage` serves bytes for the hashes currently in use (by default a few bytes that start
 * like a JPEG and name the hash; pass real bytes to `setAvatar` when a test compares images).
 */
export class FakeAvatarSource implements AvatarSource {
  private readonly changes = new Emitter<AvatarChange>();
  readonly onDidChange = this.changes.event;
  private readonly avatars = new Map<string, AvatarRef>();
  private readonly images = new Map<string, Buffer>();

  constructor(private readonly baseUrl = 'http://127.0.0.1:8080/avatars') {
    this.setAvatar('default', 'd0d0', false);
  }

  setAvatar(theme: string, hash: string, announce = true, bytes?: Buffer): void {
    const previous = this.avatars.get(theme)?.hash;
    this.avatars.set(theme, { url: `${this.baseUrl}/${hash}.jpg`, hash, themeChain: [theme] });
    this.images.set(hash, bytes ?? Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(`fake avatar ${hash}`)]));
    if (previous !== undefined && previous !== hash && ![...this.avatars.values()].some((a) => a.hash === previous)) this.images.delete(previous);
    if (announce) this.changes.fire({ themes: [theme] });
  }

  avatarFor(request: AvatarRequest, trace?: string[]): AvatarRef | undefined {
    const own = request.purpose === 'service' && request.theme !== undefined ? this.avatars.get(request.theme) : undefined;
    const avatar = own ?? this.avatars.get('default');
    trace?.push(`fake avatar: ${avatar?.themeChain.join(' → ') ?? 'none'}`);
    return avatar;
  }

  avatarImage(hash: string): AvatarImage | undefined {
    const bytes = this.images.get(hash);
    return bytes === undefined ? undefined : { bytes, contentType: 'image/jpeg' };
  }
}
