// The shape of a JSON file from its first bytes: the prefix is cut after the
// last complete value and its open containers are closed, so the engine can
// parse it and detection can look at the top-level keys and the first items.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes';

export interface Skeleton {
  value: unknown;
  /** The first document ended inside the prefix and another one starts after it (JSON Lines). */
  multiDocument: boolean;
}

/**
 * One pass, forward: the last place where a value (a string value, an array
 * item, a container) is complete, and which containers are open there. Keys
 * are told from values by where they stand (first in an object, or after a
 * comma in one), so no string is looked at twice.
 */
export function jsonSkeleton(prefix: string): Skeleton | null {
  // The open containers as a linked stack: a cut keeps its top node, so taking
  // one costs nothing however deep the nesting (a copy per cut was quadratic).
  let top: OpenContainer | null = null;
  let keyNext = false; // in an object, where the next string is a key
  let cut = -1;
  let cutTop: OpenContainer | null = null;
  let docEnd = -1;
  const n = prefix.length;
  for (let i = prefix.charCodeAt(0) === 0xfeff ? 1 : 0; i < n; i++) {
    const c = prefix.charCodeAt(i);
    if (c === QUOTE) {
      let end = prefix.indexOf('"', i + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (prefix.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        end = prefix.indexOf('"', end + 1);
      }
      if (end === -1) break; // the prefix ends inside this string
      i = end;
      if (top === null) {
        docEnd = i + 1;
        break;
      }
      if (keyNext) keyNext = false;
      else {
        cut = i + 1;
        cutTop = top;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      top = { closer: c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY, below: top };
      keyNext = c === OPEN_OBJECT;
      if (c === OPEN_ARRAY) {
        cut = i + 1;
        cutTop = top;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      top = (top as OpenContainer | null)?.below ?? null;
      if (top === null) {
        docEnd = i + 1;
        break;
      }
      keyNext = false;
      cut = i + 1;
      cutTop = top;
    } else if (c === COMMA) keyNext = top?.closer === CLOSE_OBJECT;
  }
  let text: string;
  if (docEnd !== -1) text = prefix.slice(0, docEnd);
  else if (cut === -1) return null;
  else text = trimToValueEnd(prefix.slice(0, cut)) + closers(cutTop);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const after = docEnd === -1 ? '' : prefix.slice(docEnd);
  return { value, multiDocument: /\n\s*[[{]/.test(after) };
}

interface OpenContainer {
  /** The bracket that closes it. */
  closer: number;
  below: OpenContainer | null;
}

/** The brackets that close every container from `top` down, innermost first. */
function closers(top: OpenContainer | null): string {
  let text = '';
  for (let node = top; node; node = node.below) text += node.closer === CLOSE_OBJECT ? '}' : ']';
  return text;
}

/** Drops a dangling key or comma so that closers can follow. */
function trimToValueEnd(text: string): string {
  return text.replace(/,\s*$/, '');
}
