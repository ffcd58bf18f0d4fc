import { SaxesParser } from 'saxes';
import { maxElementDepth, rootMismatch, type ExpectedRoot, type XmlElement, type XmlElementsResult } from './xml-element';

/** The state of the parse in progress, which the parser's handlers (bound once) write to. */
interface Run {
  readonly root: ExpectedRoot;
  readonly elements: XmlElement[];
  readonly stack: XmlElement[];
  /** The attributes of the start tag being read, as saxes reports them one by one before the tag. */
  attributes: string[];
  failure: string | undefined;
}

/** Thrown from a handler to end a parse whose outcome is already known. */
const stopParsing = new Error('stop parsing');

/**
 * Reads a small XML body with saxes (strict, namespace-aware, no DTD processing): the path for
 * every body the hand-written scanner declines, and the authority for refusals and their
 * messages. The first problem decides: saxes' first error, a root element other than `root`,
 * or elements nested deeper than `maxElementDepth`, whichever comes first. The parse stops
 * there, so a body full of errors costs one error, and the depth bound keeps saxes linear
 * (it resolves each element's namespace by walking up the open elements).
 *
 * One parser serves every call: saxes' `close()` ends the document and resets the parser's
 * whole state (position, namespaces, XML version, entities), so the next body starts as on a
 * new parser without paying for building one. A parse stopped early, or one where saxes threw
 * instead of reporting (a lone surrogate after `<!` makes it call `String.fromCodePoint(NaN)`),
 * leaves the parser mid-document, so it is dropped and the next call builds a new one.
 */
export class SaxesElementReader {
  private parser: SaxesParser<{ xmlns: true }> | undefined;
  private run: Run | undefined;

  read(body: string, root: ExpectedRoot): XmlElementsResult {
    if (body.includes('<!DOCTYPE') || body.includes('<!doctype')) return { ok: false, reason: 'documents with a DTD are not accepted' };
    // A handler calling back in here would share the running parser: give that call its own.
    if (this.run !== undefined) return new SaxesElementReader().read(body, root);
    const run: Run = { root, elements: [], stack: [], attributes: [], failure: undefined };
    this.run = run;
    try {
      (this.parser ??= this.createParser()).write(body).close();
    } catch (error) {
      if (error !== stopParsing) run.failure ??= malformed(error as Error);
      this.parser = undefined;
    } finally {
      this.run = undefined;
    }
    return run.failure === undefined ? { ok: true, elements: run.elements } : { ok: false, reason: run.failure };
  }

  private createParser(): SaxesParser<{ xmlns: true }> {
    const parser = new SaxesParser({ xmlns: true });
    parser.on('error', (error) => this.stop(malformed(error)));
    // Collected from these events: reading them back from the tag's attribute object cost more than the parse.
    parser.on('attribute', (attribute) => this.run?.attributes.push(attribute.name, attribute.value));
    parser.on('opentag', (tag) => {
      const run = this.run;
      if (run === undefined) return;
      if (run.stack.length >= maxElementDepth) this.stop(`elements are nested more than ${maxElementDepth} deep`);
      const element: XmlElement = { name: tag.name, local: tag.local, uri: tag.uri, attributes: run.attributes, parent: run.stack.at(-1) };
      run.attributes = [];
      if (run.stack.length === 0) {
        const mismatch = rootMismatch(element, run.root);
        if (mismatch !== undefined) this.stop(mismatch);
      }
      run.elements.push(element);
      run.stack.push(element);
    });
    parser.on('closetag', () => this.run?.stack.pop());
    return parser;
  }

  /** Records the reason to refuse the body and ends the parse. */
  private stop(reason: string): void {
    if (this.run === undefined) return;
    this.run.failure ??= reason;
    throw stopParsing;
  }
}

function malformed(error: Error): string {
  return `malformed XML: ${error.message.split('\n')[0]}`;
}
