/**
 * One element of a small namespace-aware XML body, as both readers (the hand-written scanner and
 * saxes) report it. Only what the batch-body parsers look at is kept: names, namespace and
 * attributes; text content is checked for well-formedness and dropped.
 */
export interface XmlElement {
  /** The qualified name as written in the tag (`prefix:local` or `local`). */
  readonly name: string;
  /** The local part of the name. */
  readonly local: string;
  /** The namespace URI the name resolves to; '' when it is in no namespace. */
  readonly uri: string;
  /**
   * The attributes in document order (`xmlns` declarations included) as a flat list: qualified
   * name as written, then its value, for each. Values have entity and character references
   * expanded and white space normalized as XML 1.0 §3.3.3 says. A flat list costs one
   * allocation per element, where a Map per element cost about a quarter of a small body's scan.
   */
  readonly attributes: readonly string[];
  /** The enclosing element; undefined for the root. */
  readonly parent: XmlElement | undefined;
}

/** The root element a body type requires. */
export interface ExpectedRoot {
  readonly local: string;
  readonly uri: string;
}

/** The elements of a body in document order, or why the body was refused. */
export type XmlElementsResult = { readonly ok: true; readonly elements: readonly XmlElement[] } | { readonly ok: false; readonly reason: string };

/**
 * How deeply elements may nest. Batch bodies nest five deep; the bound keeps a hostile body
 * linear in saxes, which resolves each element's namespace by walking up the open elements.
 */
export const maxElementDepth = 64;

export const xmlNamespace = 'http://www.w3.org/XML/1998/namespace';
export const xmlnsNamespace = 'http://www.w3.org/2000/xmlns/';

/** The reason to refuse a body whose root element is not `root`; undefined when it is. */
export function rootMismatch(element: XmlElement, root: ExpectedRoot): string | undefined {
  if (element.local === root.local && element.uri === root.uri) return undefined;
  return `the root element is <${element.name}>${element.uri === '' ? '' : ` in ${element.uri}`}, not <${root.local}> in ${root.uri}`;
}

/** The value of `element`'s attribute with this qualified name; undefined when it has none. */
export function attributeValue(element: XmlElement, name: string): string | undefined {
  const { attributes } = element;
  for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === name) return attributes[i + 1];
  return undefined;
}
