/**
 * How services, rules and the global default refer to a theme: its name or its id, as the
 * operator wrote it. The directory checks that every reference names a defined theme.
 */
export type ThemeRef = string;

/** A theme the directory knows: where its files come from. */
export interface ThemeDefinition {
  /** Numeric id as on the conferencing platform, when imported from it. */
  readonly id?: number;
  /** Unique name; services and rules may refer to it by name or by id. */
  readonly name: string;
  /**
   * Absolute path of a folder, or of a theme ZIP package holding just the files that replace
   * the base theme's files of the same name.
   */
  readonly path: string;
}

/** The theme a reference points to, matching by name first, then by id. */
export function findTheme(themes: readonly ThemeDefinition[], ref: ThemeRef): ThemeDefinition | undefined {
  return themes.find((t) => t.name === ref) ?? themes.find((t) => t.id !== undefined && String(t.id) === ref);
}
