import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The SIP torture corpus in the shared reference folder: `../shared` next to the repository,
 * as developers and CI have it. Read at test time, never copied into the repository.
 */
export const sipTortureCorpusDir = resolve(__dirname, '../../../..', '../shared/corpus/sip-torture');

export interface SipTortureCase {
  /** Path relative to the corpus folder, e.g. `rfc4475/wsinv.dat`. */
  readonly file: string;
  /** Well-formed (the parser must accept it) or malformed. */
  readonly valid: boolean;
  /** What INDEX.tsv says a correct server does with it. */
  readonly expected: string;
  readonly data: Buffer;
  /** The request method on the first line. */
  readonly method: string;
}

/** Every case INDEX.tsv lists, with its bytes. */
export function sipTortureCases(dir = sipTortureCorpusDir): SipTortureCase[] {
  return readFileSync(join(dir, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0 && !line.startsWith('#'))
    .map((line) => {
      const [file = '', kind, , , expected = ''] = line.split('\t');
      const data = readFileSync(join(dir, file));
      return { file, valid: kind === 'valid', expected, data, method: data.toString('latin1', 0, data.indexOf(' ')) };
    });
}

/**
 * The status INDEX.tsv names for a case, when it is one a SIP parser decides (400, 416, 505):
 * the first three-digit number of the expected-handling column.
 */
export function tortureParserStatus(expected: string): number | undefined {
  const match = /\b([1-6]\d\d)\b/.exec(expected);
  const status = match ? Number(match[1]) : undefined;
  return status === 400 || status === 416 || status === 505 ? status : undefined;
}
