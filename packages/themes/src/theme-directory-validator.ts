import { type ConfigIssue, type DirectoryContent, type DirectoryValidator, inject, injectable } from '@herald/core';
import { ThemeLibrary } from './theme-library';

/**
 * Reads every theme of directory content before a store accepts it. A theme that cannot be
 * read at all (missing path, not a ZIP, a hostile or oversized package) is reported as a
 * warning, not an error: the node keeps serving, the theme falls back as if it had no files,
 * and the theme is picked up once it is fixed on disk. Problems with single files (a corrupt
 * or non-JPEG avatar) are logged by the theme store when it installs the theme.
 *
 * Reading here also warms the theme library, so the store installs the new themes without
 * reading them again.
 */
@injectable()
export class ThemeDirectoryValidator implements DirectoryValidator {
  readonly id = 'themes';

  constructor(@inject(ThemeLibrary) private readonly library: ThemeLibrary) {}

  async validate(content: DirectoryContent): Promise<readonly ConfigIssue[]> {
    const loaded = await Promise.all(content.themes.map((theme) => this.library.load(theme.path)));
    const issues: ConfigIssue[] = [];
    content.themes.forEach((theme, i) => {
      const problem = loaded[i].packageProblem;
      if (problem === undefined) return;
      issues.push({
        path: ['themes', i, 'path'],
        message: `theme '${theme.name}': ${theme.path} ${problem}; until that is fixed, contacts using it get the next avatar in the chain (the default theme's, else the built-in one)`,
        severity: 'warning',
      });
    });
    return issues;
  }
}
