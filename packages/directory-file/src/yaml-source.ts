import { readFile, stat } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue, type ConfigPath } from '@herald/core';

/** Configuration files larger than this are refused before parsing. */
export const maxConfigFileBytes = 64 * 1024 * 1024;

/** An issue with the `file:line:column` it points at. */
export type LocatedIssue = ConfigIssue & { readonly location: string };

/**
 * A parsed YAML file that remembers where each value came from, so that errors can name the
 * file, line and column as well as the path.
 */
export class YamlSource {
  private constructor(
    /** The file as named to the user. */
    readonly file: string,
    /** The document as plain data; undefined for an empty file. */
    readonly value: unknown,
    /** YAML syntax errors; when present, `value` is unreliable. */
    readonly syntaxIssues: readonly LocatedIssue[],
    private readonly document: ReturnType<typeof parseDocument>,
    private readonly lines: LineCounter,
  ) {}

  /** Reads and parses a file. @throws ConfigError when it cannot be read or is too large. */
  static async read(file: string): Promise<{ source: YamlSource; text: string }> {
    let text: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a regular file');
      if (info.size > maxConfigFileBytes) throw new Error(`${info.size} bytes is more than the ${maxConfigFileBytes}-byte limit`);
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
      throw new ConfigError(file, [{ path: [], message: `cannot be read: ${reason}`, severity: 'error', location: file }]);
    }
    return { source: YamlSource.parse(text, file), text };
  }

  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    // uniqueKeys: a key written twice is an error, not a silent override.
    const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const syntaxIssues = document.errors.map((e): LocatedIssue => {
      const position = lines.linePos(e.pos[0]);
      return { path: [], message: e.message.split('\n')[0], severity: 'error', location: `${file}:${position.line}:${position.col}` };
    });
    // maxAliasCount bounds alias expansion ("billion laughs").
    const value = syntaxIssues.length > 0 ? undefined : document.toJS({ maxAliasCount: 1000 });
    return new YamlSource(file, value, syntaxIssues, document, lines);
  }

  /**
   * `file:line:column` of the entry at `path`: the key of a mapping entry (so that an unknown
   * field points at its name), the item of a list, or the nearest ancestor that exists.
   */
  locate(path: ConfigPath): string {
    for (let depth = path.length; depth >= 0; depth--) {
      const offset = this.offsetOf(path.slice(0, depth));
      if (offset !== undefined) {
        const position = this.lines.linePos(offset);
        return `${this.file}:${position.line}:${position.col}`;
      }
    }
    return this.file;
  }

  private offsetOf(path: ConfigPath): number | undefined {
    if (path.length > 0) {
      const parent = this.document.getIn(path.slice(0, -1), true);
      const last = path[path.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
        if (isNode(pair?.key) && pair.key.range) return pair.key.range[0];
      }
    }
    const node = this.document.getIn(path, true);
    return isNode(node) && node.range ? node.range[0] : undefined;
  }

  /** Adds locations to issues found in this document, in the order they appear in it. */
  locateAll(issues: readonly ConfigIssue[]): LocatedIssue[] {
    const order = (location: string) => location.slice(this.file.length + 1).split(':').map(Number);
    return issues
      .map((issue) => ({ ...issue, location: this.locate(issue.path) }))
      .sort((a, b) => {
        const [lineA = 0, colA = 0] = order(a.location);
        const [lineB = 0, colB = 0] = order(b.location);
        return lineA - lineB || colA - colB;
      });
  }

  /** A `ConfigError` for the given issues, located in this file. */
  error(issues: readonly ConfigIssue[]): ConfigError {
    return new ConfigError(this.file, this.locateAll(issues));
  }
}
