// How deep JSON may nest. No trace format needs more than a few dozen levels
// (an OTLP attribute holding lists of lists is the deepest real case), while
// a hostile file can open a million brackets in a megabyte. Every reader
// refuses the same documents at the same place: the one-shot reader before it
// calls JSON.parse, the streaming sniffer on its prefix, the scanner as it goes.

export const MAX_NESTING = 10_000;

export const TOO_DEEP = `arrays and objects are nested more than ${MAX_NESTING.toLocaleString('en-US')} levels deep here; no trace format needs that`;

/**
 * The index of the bracket that opens level `limit + 1`, or -1. One pass;
 * strings are jumped over (an unclosed string ends the search: the JSON error
 * is reported by the caller's parser instead).
 */
export function tooDeepAt(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      if (i === -1) return -1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** The index of the quote that closes the string opening at `quote`, or -1. */
function stringEnd(text: string, quote: number): number {
  let end = text.indexOf('"', quote + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}
