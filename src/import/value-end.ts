// Where a JSON object or array ends, in JavaScript: the scanner's quick way
// over a value that lies whole in its chunk, and the run of a span list's
// elements where the WebAssembly loop (span-ends.ts) cannot run, with the
// same contract as its `find`.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, NEWLINE, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes';
import type { FoundRun } from './span-ends';

/**
 * Deeper values are left to the scanner's slow way, which counts the whole
 * document's nesting against its limit (json-nesting.ts); no span comes near.
 */
export const QUICK_DEPTH = 256;

/** Line breaks seen by the last `wholeValue` call, and the index of the last one (-1: none). */
export const valueLines = { count: 0, last: -1 };

/**
 * Skips one object or array that starts at i, when it ends within `bytes`:
 * the index just past it, or -1 (it goes on in the next chunk; nothing is
 * kept, the caller starts over the slow way; so it is past QUICK_DEPTH levels). Brackets are counted, not
 * matched: JSON.parse checks captured values later, as it does after the
 * slow way.
 */
export function wholeValue(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  let depth = 0;
  let count = 0;
  let last = -1;
  while (i < n) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      i++;
      for (;;) {
        if (i >= n) return -1;
        const d = bytes[i] as number;
        if (d === QUOTE) break;
        i += d === BACKSLASH ? 2 : 1;
      }
      i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > QUICK_DEPTH) return -1;
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      i++;
      if (--depth === 0) {
        valueLines.count = count;
        valueLines.last = last;
        return i;
      }
    } else {
      if (c === NEWLINE) {
        count++;
        last = i;
      }
      i++;
    }
  }
  return -1;
}

const found: FoundRun = {
  count: 0,
  start: new Int32Array(256),
  end: new Int32Array(256),
  line: new Int32Array(256),
  column: new Int32Array(256),
  stop: 0,
  line0: 0,
  lineStart: 0,
  afterComma: false,
};

/** span-ends.ts `find`, in JavaScript: positions count from `from`; the columns are reused by the next call. */
export function findRunInJs(bytes: Uint8Array, from: number, limit: number, line: number, lineStart: number): FoundRun {
  let i = from;
  let count = 0;
  found.afterComma = false;
  /** Skips spaces below `limit`, counting lines. */
  const spaces = (at: number) => {
    for (; at < limit; at++) {
      const c = bytes[at] as number;
      if (c === NEWLINE) {
        line++;
        lineStart = at + 1 - from;
      } else if (c !== 0x20 && c !== 0x0d && c !== 0x09) break;
    }
    return at;
  };
  while (i < limit) {
    const end = wholeValue(bytes, i);
    if (end < 0) break;
    if (count === found.start.length) grow();
    found.start[count] = i - from;
    found.end[count] = end - from;
    found.line[count] = line;
    found.column[count] = i - from - lineStart + 1;
    count++;
    if (valueLines.last >= 0) {
      line += valueLines.count;
      lineStart = valueLines.last + 1 - from;
    }
    found.afterComma = false;
    i = spaces(end);
    if (i >= limit || bytes[i] !== COMMA) break;
    found.afterComma = true;
    i = spaces(i + 1);
    if (i >= limit || bytes[i] !== OPEN_OBJECT) break;
  }
  found.count = count;
  found.stop = i - from;
  found.line0 = line;
  found.lineStart = lineStart;
  return found;
}

function grow(): void {
  const bigger = (column: Int32Array) => {
    const next = new Int32Array(column.length * 2);
    next.set(column);
    return next;
  };
  found.start = bigger(found.start);
  found.end = bigger(found.end);
  found.line = bigger(found.line);
  found.column = bigger(found.column);
}
