import { type ConfigIssue, type DirectoryContent, directoryContentToDocument, type DirectoryValidation, parseDirectoryDocument } from '@herald/core';

/**
 * Checks content exactly as the file store checks a loaded file: through its document form
 * (every field's type and range, references), then every validator. Returns the content as the
 * document reads back, so what Redis stores and a node serves is what a file with it would give.
 * Theme paths must be absolute (the theme cache, or the seeding file's folder resolved).
 * @throws Error when the content is not even the outline of a directory (a foreign value).
 */
export async function checkDirectoryContent(
  content: DirectoryContent,
  validation: DirectoryValidation,
  origin: string,
): Promise<{ readonly content: DirectoryContent; readonly issues: readonly ConfigIssue[] }> {
  const document = JSON.parse(JSON.stringify(directoryContentToDocument(content, { form: 'full' }))) as unknown;
  const parsed = parseDirectoryDocument(document, { origin, baseDir: '/' });
  if (!parsed.ok) return { content, issues: parsed.issues };
  return { content: parsed.content, issues: [...parsed.warnings, ...(await validation.validate(parsed.content))] };
}
