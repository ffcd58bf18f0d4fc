import { type LoadedTheme } from './theme-library';
import { avatarFileName } from './theme-limits';

/** Something an operator should know about one theme. */
export interface ThemeFinding {
  /** `error`: a package or file was refused and the theme falls back; `warning`: accepted, but not ideal; `info`: in use. */
  readonly severity: 'error' | 'warning' | 'info';
  /** The theme's name, as in the directory. */
  readonly theme: string;
  /** The file or package concerned: a path, or `<zip> → <entry>`. */
  readonly file: string;
  /** A sentence naming the theme and the file, what is wrong and what happens now. */
  readonly message: string;
}

const fallback = "contacts using it get the next avatar in the chain (the default theme's, else the built-in one)";

/** What to tell an operator about a loaded theme known under `name`. */
export function reportTheme(name: string, theme: LoadedTheme): ThemeFinding[] {
  if (theme.packageProblem !== undefined) {
    return [{ severity: 'error', theme: name, file: theme.path, message: `theme '${name}': ${theme.path} ${theme.packageProblem}; ${fallback}` }];
  }
  const file = theme.avatarLocation;
  if (theme.avatarProblem !== undefined) {
    return [{ severity: 'error', theme: name, file, message: `theme '${name}': ${file} ${theme.avatarProblem}; ${fallback}` }];
  }
  if (theme.avatar === undefined) {
    return [{ severity: 'info', theme: name, file, message: `theme '${name}' has no ${avatarFileName}; ${fallback}` }];
  }
  const { width, height, hash } = theme.avatar;
  return [
    ...theme.avatar.warnings.map((warning) => ({
      severity: 'warning' as const,
      theme: name,
      file,
      message: `theme '${name}': ${file} ${warning}; it is served anyway`,
    })),
    { severity: 'info', theme: name, file, message: `theme '${name}': avatar ${file} (${width}×${height}, hash ${hash})` },
  ];
}
