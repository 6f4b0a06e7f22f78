// What the row readers share (imported, not a module of its own): walking a
// JSON value as strictly as JSON.parse checks it, member names, the names a
// reader wants, and the text area where ids and names are written as one
// JSON array (the caller parses it with one JSON.parse).
import { byteAt, checkString, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, escaped, integer, isDigit, literal, MINUS, number, OPEN_ARRAY, OPEN_OBJECT, QUOTE, skipSpace, ZERO } from './json-check';

export const MAX_DEPTH: i32 = 200;

/** Any JSON value at i (spaces skipped before it): the index past it, or -1. */
export function value(b: usize, i: i32, n: i32, depth: i32): i32 {
  i = skipSpace(b, i, n);
  if (i >= n) return -1;
  const c = byteAt(b, i);
  if (c == QUOTE) return checkString(b, i, n);
  if (c == MINUS || isDigit(c)) return number(b, i, n);
  if (c == OPEN_ARRAY || c == OPEN_OBJECT) {
    if (depth >= MAX_DEPTH) return -1;
    const object = c == OPEN_OBJECT;
    const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
    i = skipSpace(b, i + 1, n);
    if (i < n && byteAt(b, i) == close) return i + 1;
    for (;;) {
      if (object) {
        if (i >= n || byteAt(b, i) != QUOTE) return -1;
        i = checkString(b, i, n);
        if (i < 0) return -1;
        i = skipSpace(b, i, n);
        if (i >= n || byteAt(b, i) != COLON) return -1;
        i++;
      }
      i = value(b, i, n, depth + 1);
      if (i < 0) return -1;
      i = afterMember(b, i, n, close);
      if (i < 0 || closed) return i;
    }
  }
  return literal(b, i, n);
}

// The member name read last by `memberName`: where it starts and how long it is.
export let nameStart: i32 = 0;
export let nameLength: i32 = 0;

/**
 * A member name at i and its colon: the index of its value (spaces skipped),
 * or -1. A name with an escape is refused: it could spell one read here.
 */
export function memberName(b: usize, i: i32, n: i32): i32 {
  if (i >= n || byteAt(b, i) != QUOTE) return -1;
  nameStart = i + 1;
  i = checkString(b, i, n);
  if (i < 0 || escaped) return -1;
  nameLength = i - 1 - nameStart;
  i = skipSpace(b, i, n);
  if (i >= n || byteAt(b, i) != COLON) return -1;
  i = skipSpace(b, i + 1, n);
  return i < n ? i : -1;
}

/** Whether `afterMember` found the closing bracket. */
export let closed = false;

/** After a value at i: past the comma to the next member or item (`closed` false), or past `close` (`closed` true); -1 when neither follows. */
export function afterMember(b: usize, i: i32, n: i32, close: u32): i32 {
  i = skipSpace(b, i, n);
  if (i >= n) return -1;
  const c = byteAt(b, i);
  closed = c == close;
  if (closed) return i + 1;
  return c == COMMA ? skipSpace(b, i + 1, n) : -1;
}

/** Whether the `len` bytes at b + i spell `word` (ASCII, given as a static string). */
export function spells(b: usize, i: i32, len: i32, word: string): bool {
  if (len != word.length) return false;
  for (let k = 0; k < len; k++) if (byteAt(b, i + k) != <u32>word.charCodeAt(k)) return false;
  return true;
}

/** Which wanted name (index) the `len` bytes at b + i spell, or -1. */
export function wantedName(b: usize, i: i32, len: i32, cfg: usize): i32 {
  const count = load<i32>(cfg);
  let p = cfg + 4;
  for (let w = 0; w < count; w++) {
    const l = load<i32>(p);
    if (l == len) {
      let k = 0;
      while (k < l && load<u8>(p + 4 + <usize>k) == <u8>byteAt(b, i + k)) k++;
      if (k == l) return w;
    }
    p += 4 + ((<usize>l + 3) & ~3);
  }
  return -1;
}

// Text written so far: its length in bytes and how many values it holds.
export let textAt: i32 = 0;
export let textCount: i32 = 0;

export function textLength(): i32 { return textAt; }

// Values the text holds, by their bytes: a value written again (the trace id
// of every span of a batch, a service, a name, a parent id) is dropped and the
// earlier one's index recorded, so JSON.parse makes one string of it and the
// interners on the other side hash that string once. Open addressing, cleared
// by a new generation per text area; at most half full, longer values not kept.
const SEEN_SLOTS: i32 = 2048;
const SEEN_MAX_BYTES: i32 = 256;
/** Per slot (i32 each): generation, start in the text area, length, value index. */
const SEEN = memory.data(SEEN_SLOTS * 16);
let seenGeneration: i32 = 0;
let seenCount: i32 = 0;

/** The static data's end: the JavaScript side puts configs and scratch space above it (test/wasm-layout.test.ts). */
export function dataEnd(): usize { return __heap_base; }

/** Starts the text area at `text` (an open bracket). */
export function startText(text: usize): void {
  store<u8>(text, <u8>OPEN_ARRAY);
  textAt = 1;
  textCount = 0;
  forgetSeen();
}

function forgetSeen(): void {
  seenGeneration++;
  seenCount = 0;
}

/** Ends the text area: its closing bracket over the last comma. */
export function endText(text: usize): void {
  if (textCount > 0) textAt--;
  store<u8>(text + <usize>textAt, <u8>CLOSE_ARRAY);
  textAt++;
}

/** Drops what was written since the text was `at` long and held `count` values: a span that is not read after all. */
export function resetText(at: i32, count: i32): void {
  textAt = at;
  textCount = count;
  // What it wrote may be known by its bytes: forget them all (rare: a span of an uncommon shape).
  forgetSeen();
}

/**
 * The value just written at [start, textAt) becomes the next value of the text
 * (a comma after it), or, when the text holds the same bytes already, is
 * dropped; either way its index goes to record field `at`.
 */
function settle(text: usize, start: i32, record: usize, at: i32): void {
  const len = textAt - start;
  if (len <= SEEN_MAX_BYTES && seenCount < SEEN_SLOTS / 2) {
    const from = text + <usize>start;
    // Four bytes a step (the text area has room past its end to read from), the tail masked off.
    let h: u32 = <u32>len * 0x9e3779b1;
    let k = 0;
    for (; k + 4 <= len; k += 4) h = rotl<u32>((h ^ load<u32>(from + <usize>k)) * 0x85ebca6b, 13);
    if (k < len) h = rotl<u32>((h ^ (load<u32>(from + <usize>k) & ((<u32>1 << (<u32>(len - k) << 3)) - 1))) * 0x85ebca6b, 13);
    h ^= h >> 16;
    let slot = <i32>(h & <u32>(SEEN_SLOTS - 1));
    while (true) {
      const entry = SEEN + (<usize>slot << 4);
      if (load<i32>(entry) != seenGeneration) {
        store<i32>(entry, seenGeneration);
        store<i32>(entry, start, 4);
        store<i32>(entry, len, 8);
        store<i32>(entry, textCount, 12);
        seenCount++;
        break;
      }
      if (load<i32>(entry, 8) == len && memory.compare(text + <usize>load<i32>(entry, 4), from, <usize>len) == 0) {
        textAt = start;
        store<f64>(record + (<usize>at << 3), <f64>load<i32>(entry, 12));
        return;
      }
      slot = (slot + 1) & (SEEN_SLOTS - 1);
    }
  }
  store<u8>(text + <usize>textAt, <u8>COMMA);
  textAt++;
  store<f64>(record + (<usize>at << 3), <f64>textCount);
  textCount++;
}

/**
 * Copies the string [from, to) (its content, escapes and all: it was checked)
 * to the text area, which is a JSON array of strings; records its index there
 * in record field `at`.
 */
export function keepText(b: usize, from: i32, to: i32, text: usize, record: usize, at: i32): void {
  const start = textAt;
  store<u8>(text + <usize>textAt, <u8>QUOTE);
  memory.copy(text + <usize>textAt + 1, b + <usize>from, <usize>(to - from));
  textAt += to - from + 1;
  store<u8>(text + <usize>textAt, <u8>QUOTE);
  textAt++;
  settle(text, start, record, at);
}


/** Copies the checked JSON value [from, to) as it is (a string with its quotes, a number, a literal) to the text area; records its index in field `at`. */
export function keepRaw(b: usize, from: i32, to: i32, text: usize, record: usize, at: i32): void {
  const start = textAt;
  memory.copy(text + <usize>textAt, b + <usize>from, <usize>(to - from));
  textAt += to - from;
  settle(text, start, record, at);
}

/** A small non-negative integer literal [from, to), or -1. */
export function smallInt(b: usize, from: i32, to: i32): i32 {
  if (to - from > 9) return -1;
  let v = 0;
  for (let k = from; k < to; k++) {
    const c = byteAt(b, k);
    if (!isDigit(c)) return -1;
    v = v * 10 + <i32>(c - ZERO);
  }
  return v;
}

/** A non-negative integer literal [from, to) (digits only, no leading zero) whose value is a safe integer, or -1. */
export function safeInteger(b: usize, from: i32, to: i32): f64 {
  const len = to - from;
  if (len < 1 || len > 16 || (len > 1 && byteAt(b, from) == ZERO)) return -1;
  let v: u64 = 0;
  for (let k = from; k < to; k++) {
    const c = byteAt(b, k);
    if (!isDigit(c)) return -1;
    v = v * 10 + <u64>(c - ZERO);
  }
  return v > 9007199254740991 ? -1 : <f64>v;
}

/** A string at i, kept in the text area as it is; its index in field `at`. The index past it, or -1. */
export function keepString(b: usize, i: i32, n: i32, text: usize, record: usize, at: i32): i32 {
  if (i >= n || byteAt(b, i) != QUOTE) return -1;
  const start = i;
  i = checkString(b, i, n);
  if (i < 0) return -1;
  keepRaw(b, start, i, text, record, at);
  return i;
}

/** An integer literal at i, a safe one, written to field `at`: the index past it, or -1. */
export function keepInteger(b: usize, i: i32, n: i32, record: usize, at: i32): i32 {
  const start = i;
  i = number(b, i, n);
  if (i < 0 || !integer) return -1;
  const v = safeInteger(b, start, i);
  if (v < 0) return -1;
  store<f64>(record + (<usize>at << 3), v);
  return i;
}

// Items written so far (f64 each): the list entries a reader hands over besides the text.
export let itemAt: i32 = 0;

export function itemCount(): i32 { return itemAt; }

/** Takes `count` items: the index of the first. */
@inline export function takeItems(count: i32): i32 {
  const at = itemAt;
  itemAt += count;
  return at;
}

/** One span [0, n) at b read into its record; false when it is not of the common shape (or not valid JSON). */
export type SpanReader = (b: usize, n: i32, record: usize, text: usize, items: usize, cfg: usize) => bool;

/**
 * Every reader's `rows`: reads `count` spans with `span`, span k at `b` + start for the i32 pair
 * (start, end) at `table` + 8k, its record of `record` f64 from `out` (field 0: 1 when read here, 0
 * when left to JSON.parse, its text and items then dropped). Returns how many were read here.
 */
export function readSpans(b: usize, table: usize, count: i32, out: usize, record: i32, text: usize, items: usize, cfg: usize, span: SpanReader): i32 {
  startText(text);
  itemAt = 0;
  let read = 0;
  for (let k = 0; k < count; k++) {
    const start = load<i32>(table + (<usize>k << 3));
    const end = load<i32>(table + (<usize>k << 3) + 4);
    const at = out + <usize>k * <usize>record * 8;
    const textBefore = textAt;
    const countBefore = textCount;
    const itemsBefore = itemAt;
    const ok = span(b + <usize>start, end - start, at, text, items, cfg);
    if (!ok) {
      resetText(textBefore, countBefore);
      itemAt = itemsBefore;
    } else read++;
    store<f64>(at, ok ? 1 : 0);
  }
  endText(text);
  return read;
}
