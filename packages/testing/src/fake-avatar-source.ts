import { type AvatarChange, type AvatarRef, type AvatarRequest, type AvatarSource, Emitter } from '@herald/core';

/**
 * Avatars by theme name: a service gets its theme's avatar when one was set, else the default
 * theme's; a gateway contact gets the default theme's. `setAvatar` changes one and announces it.
 */
export class FakeAvatarSource implements AvatarSource {
  private readonly changes = new Emitter<AvatarChange>();
  readonly onDidChange = this.changes.event;
  private readonly avatars = new Map<string, AvatarRef>();

  constructor(private readonly baseUrl = 'http://127.0.0.1:8080/avatars') {
    this.setAvatar('default', 'd0d0', false);
  }

  setAvatar(theme: string, hash: string, announce = true): void {
    this.avatars.set(theme, { url: `${this.baseUrl}/${hash}.jpg`, hash, themeChain: [theme] });
    if (announce) this.changes.fire({ themes: [theme] });
  }

  avatarFor(request: AvatarRequest, trace?: string[]): AvatarRef | undefined {
    const own = request.purpose === 'service' && request.theme !== undefined ? this.avatars.get(request.theme) : undefined;
    const avatar = own ?? this.avatars.get('default');
    trace?.push(`fake avatar: ${avatar?.themeChain.join(' → ') ?? 'none'}`);
    return avatar;
  }
}
