import { type AssertionKind, type RegexNode } from './regex-ast';

/** True when the node can match the empty string (ignoring what assertions require). */
export function isNullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return true;
    case 'char':
    case 'any':
    case 'class':
      return false;
    case 'group':
      return isNullable(node.child);
    case 'concat':
      return node.items.every(isNullable);
    case 'alt':
      return node.items.some(isNullable);
    case 'repeat':
      return node.min === 0 || isNullable(node.child);
  }
}

export function containsCapture(node: RegexNode): boolean {
  switch (node.kind) {
    case 'group':
      return node.index !== undefined || containsCapture(node.child);
    case 'concat':
    case 'alt':
      return node.items.some(containsCapture);
    case 'repeat':
      return containsCapture(node.child);
    default:
      return false;
  }
}

/**
 * The position of a repetition whose body can match the empty string and holds a capturing
 * group, like `(a*)*`. Whether the pattern matches is the same in Python and RE2, but Python
 * runs one more, empty, iteration and so reports different group contents. Undefined when
 * there is none.
 */
export function emptyRepeatedCapture(node: RegexNode): number | undefined {
  switch (node.kind) {
    case 'repeat':
      if (node.max > 1 && isNullable(node.child) && containsCapture(node.child)) return node.pos;
      return emptyRepeatedCapture(node.child);
    case 'group':
      return emptyRepeatedCapture(node.child);
    case 'concat':
    case 'alt':
      for (const item of node.items) {
        const found = emptyRepeatedCapture(item);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Whether the node holds an assertion for which `which` is true (any assertion by default). */
export function containsAssertion(node: RegexNode, which: (at: AssertionKind) => boolean = () => true): boolean {
  switch (node.kind) {
    case 'assert':
      return which(node.at);
    case 'group':
    case 'repeat':
      return containsAssertion(node.child, which);
    case 'concat':
    case 'alt':
      return node.items.some((item) => containsAssertion(item, which));
    default:
      return false;
  }
}
