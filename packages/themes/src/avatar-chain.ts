import { type AvatarRequest, type DirectoryContent, findTheme, type ThemeDefinition } from '@herald/core';
import { type PreparedAvatar } from './avatar-image';
import { type LoadedTheme } from './theme-library';
import { avatarFileName } from './theme-limits';

/** The avatar a request gets, and the themes tried on the way, in order. */
export interface AvatarChoice {
  readonly avatar: PreparedAvatar;
  /** One entry per theme tried; the last one supplied the file. */
  readonly chain: readonly string[];
  /** The theme that supplied the file: a theme name, or undefined for the built-in base theme. */
  readonly supplier?: string;
}

type Role = 'service theme' | 'rule theme' | 'default theme';

/**
 * Picks the avatar file per the platform's per-file fallback: the service's theme if it has a
 * usable `presence_avatar_image.jpg`, else the default theme's, else the built-in base theme's.
 * A gateway contact starts at the default theme, or at its rule's theme when `gatewayTheme` is
 * `rule`. A theme whose package or file was refused counts as not having the file.
 *
 * @param loaded the loaded theme at a definition's path; undefined if it is not read yet.
 */
export function chooseAvatar(
  request: AvatarRequest,
  content: Pick<DirectoryContent, 'themes' | 'defaultTheme'>,
  gatewayTheme: 'default' | 'rule',
  loaded: (path: string) => LoadedTheme | undefined,
  base: PreparedAvatar,
): AvatarChoice {
  const steps: { ref: string; role: Role }[] = [];
  if (request.theme !== undefined && (request.purpose === 'service' || gatewayTheme === 'rule')) {
    steps.push({ ref: request.theme, role: request.purpose === 'service' ? 'service theme' : 'rule theme' });
  }
  if (content.defaultTheme !== undefined) steps.push({ ref: content.defaultTheme, role: 'default theme' });

  const chain: string[] = [];
  const tried = new Set<ThemeDefinition>();
  for (const step of steps) {
    const theme = findTheme(content.themes, step.ref);
    if (theme === undefined) {
      chain.push(`'${step.ref}' (${step.role}): no such theme`);
      continue;
    }
    if (tried.has(theme)) continue;
    tried.add(theme);
    const outcome = outcomeOf(loaded(theme.path));
    chain.push(`'${theme.name}' (${step.role}): ${outcome.text}`);
    if (outcome.avatar) return { avatar: outcome.avatar, chain, supplier: theme.name };
  }
  chain.push(`built-in base theme: ${avatarFileName}`);
  return { avatar: base, chain };
}

function outcomeOf(theme: LoadedTheme | undefined): { text: string; avatar?: PreparedAvatar } {
  if (theme === undefined) return { text: 'not read yet' };
  if (theme.packageProblem !== undefined) return { text: `package refused: it ${theme.packageProblem}` };
  if (theme.avatarProblem !== undefined) return { text: `${avatarFileName} refused: it ${theme.avatarProblem}` };
  if (theme.avatar === undefined) return { text: `has no ${avatarFileName}` };
  return { text: avatarFileName, avatar: theme.avatar };
}
