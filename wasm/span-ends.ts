// Where the elements of a span list end, in WebAssembly (AssemblyScript;
// scripts/build-wasm.mjs compiles it). src/import/span-ends.ts runs it and
// src/import/json-scan.ts says what it is for: the scanner's run of object
// elements of an `each` array (JsonScanner.captureRun), the same loop.
//
// A value's end is found by counting brackets outside strings; strings are
// jumped over sixteen bytes at a time. Nothing is checked: JSON.parse checks
// each captured value later.
//
// Memory is the caller's: `run` reads the bytes at `b` (followed by at least
// 16 zero bytes) and writes four i32 columns of `max` entries from `out`:
// start, end, line, column of each element.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, NEWLINE, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-check';

/** Bytes that stop the walk outside strings: quote, brackets, line break, and zero (the end of the input). */
const STOP = memory.data(256);
store<u8>(STOP + QUOTE, 1); store<u8>(STOP + OPEN_OBJECT, 1); store<u8>(STOP + CLOSE_OBJECT, 1);
store<u8>(STOP + OPEN_ARRAY, 1); store<u8>(STOP + CLOSE_ARRAY, 1); store<u8>(STOP + NEWLINE, 1); store<u8>(STOP, 1);

// What the last `value` call saw: line breaks outside strings, and the index of the last one (-1: none).
let newlines: i32 = 0;
let lastNewline: i32 = -1;

// Where the last `run` stopped: the index, the line and where it starts, and whether a comma came last (1) or an element (0).
let stopAt: i32 = 0;
let stopLine: i32 = 0;
let stopLineStart: i32 = 0;
let stopAfterComma: i32 = 0;

export function endIndex(): i32 { return stopAt; }
export function endLine(): i32 { return stopLine; }
export function endLineStart(): i32 { return stopLineStart; }
export function endAfterComma(): i32 { return stopAfterComma; }

@inline function byteAt(b: usize, i: i32): u32 { return load<u8>(b + <usize>i); }

/** From just inside a string: the index past its closing quote, or -1 when it goes on past n. */
function skipString(b: usize, i: i32, n: i32): i32 {
  const quotes = i8x16.splat(<i8>QUOTE);
  const backslashes = i8x16.splat(<i8>BACKSLASH);
  const zeros = i8x16.splat(0);
  for (;;) {
    for (;;) {
      const v = v128.load(b + <usize>i);
      const hits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quotes), i8x16.eq(v, backslashes)), i8x16.eq(v, zeros)));
      if (hits != 0) {
        i += ctz(hits);
        break;
      }
      i += 16;
    }
    if (i >= n) return -1;
    const c = byteAt(b, i);
    if (c == QUOTE) return i + 1;
    i += c == BACKSLASH ? 2 : 1; // an escape, or a zero byte that is data
  }
  return -1;
}

/** Deeper values are left to the scanner's slow way, which counts nesting against its limit (QUICK_DEPTH in value-end.ts). */
const QUICK_DEPTH: i32 = 256;

/** The index just past the object or array at i, or -1 when it goes on past n (or nests past QUICK_DEPTH). */
function value(b: usize, i: i32, n: i32): i32 {
  let depth = 0;
  newlines = 0;
  lastNewline = -1;
  for (;;) {
    while (!load<u8>(STOP + byteAt(b, i))) i++;
    if (i >= n) return -1;
    const c = byteAt(b, i);
    if (c == QUOTE) {
      i = skipString(b, i + 1, n);
      if (i < 0) return -1;
    } else if (c == OPEN_OBJECT || c == OPEN_ARRAY) {
      if (++depth > QUICK_DEPTH) return -1;
      i++;
    } else if (c == CLOSE_OBJECT || c == CLOSE_ARRAY) {
      i++;
      if (--depth == 0) return i;
    } else {
      if (c == NEWLINE) {
        newlines++;
        lastNewline = i;
      }
      i++;
    }
  }
  return -1;
}

/** Skips spaces from i below `limit`, counting lines into stopLine and stopLineStart. */
function spaces(b: usize, i: i32, limit: i32): i32 {
  for (; i < limit; i++) {
    const c = byteAt(b, i);
    if (c == NEWLINE) {
      stopLine++;
      stopLineStart = i + 1;
    } else if (c != 0x20 && c != 0x0d && c != 0x09) break;
  }
  return i;
}

/**
 * Elements from i (an object starts there) while each ends within n and starts
 * below `limit`, with the commas and spaces between them; at most `max`.
 * Returns how many; endIndex() and the others say where and how it stopped.
 */
export function run(b: usize, i: i32, limit: i32, n: i32, line: i32, lineStart: i32, out: usize, max: i32): i32 {
  let count = 0;
  stopLine = line;
  stopLineStart = lineStart;
  stopAfterComma = 0;
  const column = <usize>max * 4;
  while (i < limit && count < max) {
    const end = value(b, i, n);
    if (end < 0) break;
    const at = out + <usize>count * 4;
    store<i32>(at, i);
    store<i32>(at + column, end);
    store<i32>(at + 2 * column, stopLine);
    store<i32>(at + 3 * column, i - stopLineStart + 1);
    count++;
    if (lastNewline >= 0) {
      stopLine += newlines;
      stopLineStart = lastNewline + 1;
    }
    stopAfterComma = 0;
    i = spaces(b, end, limit);
    if (i >= limit || byteAt(b, i) != COMMA) break;
    stopAfterComma = 1;
    i = spaces(b, i + 1, limit);
    if (i >= limit || byteAt(b, i) != OPEN_OBJECT) break;
  }
  stopAt = i;
  return count;
}
