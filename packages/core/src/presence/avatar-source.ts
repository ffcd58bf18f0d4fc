import { type AvatarRef } from '../domain/presence-view';
import { type ThemeRef } from '../domain/theme';
import { type Event } from '../kernel/emitter';

export interface AvatarRequest {
  /** Whose avatar: a service uses its own theme; a gateway contact uses the default theme. */
  readonly purpose: 'service' | 'gateway';
  /** The service's theme, or for a gateway contact the matched rule's theme. */
  readonly theme?: ThemeRef;
}

/** The bytes of an avatar, as served under its hash. */
export interface AvatarImage {
  readonly bytes: Buffer;
  readonly contentType: 'image/jpeg';
}

/** Some avatars changed: a theme file or package changed on disk, or the theme set changed. */
export interface AvatarChange {
  /** Names of the themes whose avatar bytes changed; undefined means any may have. */
  readonly themes?: readonly string[];
}

export const AvatarSource = Symbol.for('core.AvatarSource');
/**
 * Contact-list avatars: the `presence_avatar_image.jpg` of the service's theme, else of the
 * default theme, else Herald's built-in image.
 */
export interface AvatarSource {
  /**
   * The avatar to show, or undefined when none can be served. In-memory; safe on the request
   * path. Appends what it tried to `trace` when given.
   */
  avatarFor(request: AvatarRequest, trace?: string[]): AvatarRef | undefined;
  /**
   * The bytes of the avatar whose content hash (`AvatarRef.hash`) is `hash`, or undefined when
   * this source does not serve that hash (any more). In-memory; safe on the request path. For
   * adapters that hand out the image themselves rather than its URL (UCWA's contact photo).
   * Optional, so that existing sources keep compiling; without it such adapters have no photos.
   */
  avatarImage?(hash: string): AvatarImage | undefined;
  /** Fires after avatar bytes or hashes changed. */
  readonly onDidChange: Event<AvatarChange>;
}
