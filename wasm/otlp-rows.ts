// What the columns need of OTLP spans, read straight from their JSON bytes,
// in WebAssembly (AssemblyScript; scripts/build-wasm.mjs compiles it).
// src/formats/otlp/otlp-rows.ts runs it and says what it is for. Every byte of a
// span is checked as strictly as JSON.parse checks it; a span of any shape
// but the common one (see `span`) is not read here: it is marked, and the
// caller parses its batch with JSON.parse as before.
//
// Memory is the caller's: `rows` reads `count` spans, span k at `b` + start
// for the i32 pair (start, end) at `table` + 8k; writes a record of RECORD f64
// per span from `out`, the ids and names from `text` (as a JSON array of
// strings, as the span has them: the record holds their indices), and event
// times from `events`. The config at `cfg`: i32 count of
// wanted attribute names, then per name an i32 length and its bytes (padded
// to 4): the HTTP status keys, in the order they are looked up.
import { byteAt, checkString, CLOSE_ARRAY, CLOSE_OBJECT, escaped, integer, isDigit, number, OPEN_ARRAY, OPEN_OBJECT, QUOTE, skipSpace, unicode, ZERO } from './json-check';
import { afterMember, closed, dataEnd, itemAt, itemCount, keepText, memberName, nameLength, nameStart, readSpans, smallInt, spells, takeItems, textLength, value, wantedName } from './json-walk';

/** Event times of one span at most (more: the span is not read here). */
const MAX_EVENTS: i32 = 64;

/** Record fields (f64 each). */
const OK = 0;
const TRACE = 1;
const SPAN = 2;
const PARENT = 3;
const NAME = 4;
const KIND = 9;
const STATUS = 10;
const HTTP = 11;
const START = 12;
const END = 14;
const EVENTS = 16;
export const RECORD: i32 = 18;

// Event times are items, two each (whole µs, the ns left): event e is items 2e and 2e + 1.
export { dataEnd, itemCount, textLength };


// A decimal string of nanoseconds, as whole microseconds and the nanoseconds left (set by `nanos`).
let wholeUs: f64 = 0;
let restNs: f64 = 0;

/** The string [from, to) (quotes excluded) as nanoseconds: 4 to 19 digits whose microseconds are a safe integer. */
function nanos(b: usize, from: i32, to: i32): bool {
  const len = to - from;
  if (len < 4 || len > 19) return false;
  let v: u64 = 0;
  for (let k = from; k < to; k++) {
    const c = byteAt(b, k);
    if (!isDigit(c)) return false;
    v = v * 10 + <u64>(c - ZERO);
  }
  const us = v / 1000;
  if (us > 9007199254740991) return false;
  wholeUs = <f64>us;
  restNs = <f64>(v % 1000);
  return true;
}

// The HTTP status found per wanted name (-1: none yet).
const FOUND = memory.data(64);

/**
 * An attribute entry at i (an object): checked; where its key is a wanted
 * name and its value is {"intValue":"digits"}, the number is noted for that
 * name (the first one per name). Returns the index past it, or -1 (invalid,
 * or a shape only JSON.parse reads right: the span is then not read here).
 */
function attribute(b: usize, i: i32, n: i32, cfg: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return value(b, i, n, 1);
  let wanted = -1;
  let valueStart = 0;
  let valueEnd = 0;
  let seenKey = false;
  let seenValue = false;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    if (spells(b, nameStart, nameLength, 'key')) {
      if (seenKey) return -1;
      seenKey = true;
      if (byteAt(b, i) == QUOTE) {
        const start = i + 1;
        i = checkString(b, i, n);
        // Wanted names hold no character that needs an escape: only a \u escape could spell one.
        if (i < 0 || unicode) return -1;
        wanted = escaped ? -1 : wantedName(b, start, i - 1 - start, cfg);
      } else {
        i = value(b, i, n, 2);
        if (i < 0) return -1;
      }
    } else if (spells(b, nameStart, nameLength, 'value')) {
      if (seenValue) return -1;
      seenValue = true;
      valueStart = i;
      i = value(b, i, n, 2);
      if (i < 0) return -1;
      valueEnd = i;
    } else {
      i = value(b, i, n, 2);
      if (i < 0) return -1;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) break;
  }
  if (wanted >= 0) {
    const status = seenValue ? intValue(b, valueStart, valueEnd) : -1;
    if (status == -2) return -1;
    if (status >= 0 && load<i32>(FOUND + (<usize>wanted << 2)) < 0) store<i32>(FOUND + (<usize>wanted << 2), status);
  }
  return i;
}

/** A checked value [from, to): its number when it is exactly {"intValue":"digits"}; -1 when it has no number for sure (not an object), -2 otherwise. */
function intValue(b: usize, from: i32, to: i32): i32 {
  if (byteAt(b, from) != OPEN_OBJECT) return -1;
  let i = skipSpace(b, from + 1, to);
  if (i >= to || byteAt(b, i) != QUOTE) return -2;
  const keyStart = i + 1;
  i = checkString(b, i, to);
  if (i < 0 || !spells(b, keyStart, i - 1 - keyStart, 'intValue')) return -2;
  i = skipSpace(b, i, to);
  i = skipSpace(b, i + 1, to); // the colon (checked already)
  if (i >= to || byteAt(b, i) != QUOTE) return -2;
  const start = i + 1;
  i = checkString(b, i, to);
  if (i < 0 || escaped) return -2;
  const v = smallInt(b, start, i - 1);
  if (v < 0 || i - 1 == start) return -2;
  i = skipSpace(b, i, to);
  return i < to && byteAt(b, i) == CLOSE_OBJECT && i + 1 == to ? v : -2;
}

/** An event at i: checked, its time noted; the index past it, or -1. */
function event(b: usize, i: i32, n: i32, events: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return -1;
  let seen = false;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return -1; // no time
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    if (spells(b, nameStart, nameLength, 'timeUnixNano')) {
      if (seen || byteAt(b, i) != QUOTE) return -1;
      seen = true;
      const start = i + 1;
      i = checkString(b, i, n);
      if (i < 0 || escaped || !nanos(b, start, i - 1)) return -1;
      const at = events + (<usize>takeItems(2) << 3);
      store<f64>(at, wholeUs);
      store<f64>(at + 8, restNs);
    } else {
      i = value(b, i, n, 2);
      if (i < 0) return -1;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) return seen ? i : -1;
  }
  return -1;
}

/** A list at i whose items `item` reads (0: attributes, 1: events): the index past it, or -1. */
function list(b: usize, i: i32, n: i32, item: i32, cfg: usize, events: usize): i32 {
  if (byteAt(b, i) != OPEN_ARRAY) return -1;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_ARRAY) return i + 1;
  let count = 0;
  for (;;) {
    if (i >= n) return -1;
    if (item == 0) i = attribute(b, i, n, cfg);
    else {
      if (++count > MAX_EVENTS) return -1;
      i = event(b, i, n, events);
    }
    if (i < 0) return -1;
    i = afterMember(b, i, n, CLOSE_ARRAY);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

/** A status object at i: its code (0 when it has none), or -1 when only JSON.parse reads it right. Sets `statusEnd`. */
let statusEnd: i32 = 0;
function status(b: usize, i: i32, n: i32): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return -1;
  let code = 0;
  let seen = false;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) {
    statusEnd = i + 1;
    return 0;
  }
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    if (spells(b, nameStart, nameLength, 'code')) {
      if (seen) return -1;
      seen = true;
      const start = i;
      i = number(b, i, n);
      if (i < 0 || !integer) return -1;
      code = smallInt(b, start, i);
      if (code < 0) return -1;
    } else {
      i = value(b, i, n, 2);
      if (i < 0) return -1;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) break;
  }
  statusEnd = i;
  return code;
}

// Members a span has at most once here (bits).
const M_TRACE = 1;
const M_SPAN = 2;
const M_PARENT = 4;
const M_NAME = 8;
const M_KIND = 16;
const M_START = 32;
const M_END = 64;
const M_ATTRIBUTES = 128;
const M_EVENTS = 256;
const M_STATUS = 512;

/** One span [0, n) at b: its record, or false when it is not of the common shape (or not valid JSON). */
function span(b: usize, n: i32, record: usize, text: usize, events: usize, cfg: usize): bool {
  let i = skipSpace(b, 0, n);
  if (i >= n || byteAt(b, i) != OPEN_OBJECT) return false;
  let seen = 0;
  store<f64>(record + (PARENT << 3), -1);
  store<f64>(record + (NAME << 3), -1);
  store<f64>(record + (KIND << 3), -1);
  store<f64>(record + (STATUS << 3), 0);
  store<f64>(record + (EVENTS << 3), <f64>(itemAt >> 1));
  for (let w = 0; w < 16; w++) store<i32>(FOUND + (<usize>w << 2), -1);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return false;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return false;
    const keyStart = nameStart;
    const len = nameLength;
    let bit = 0;
    const c = byteAt(b, i);
    if (spells(b, keyStart, len, 'traceId')) bit = M_TRACE;
    else if (spells(b, keyStart, len, 'spanId')) bit = M_SPAN;
    else if (spells(b, keyStart, len, 'parentSpanId')) bit = M_PARENT;
    else if (spells(b, keyStart, len, 'name')) bit = M_NAME;
    else if (spells(b, keyStart, len, 'kind')) bit = M_KIND;
    else if (spells(b, keyStart, len, 'startTimeUnixNano')) bit = M_START;
    else if (spells(b, keyStart, len, 'endTimeUnixNano')) bit = M_END;
    else if (spells(b, keyStart, len, 'attributes')) bit = M_ATTRIBUTES;
    else if (spells(b, keyStart, len, 'events')) bit = M_EVENTS;
    else if (spells(b, keyStart, len, 'status')) bit = M_STATUS;
    else if (spells(b, keyStart, len, 'droppedAttributesCount') || spells(b, keyStart, len, 'droppedEventsCount') || spells(b, keyStart, len, 'droppedLinksCount')) {
      // Zero, or the span has a warning to say: JSON.parse's way.
      const start = i;
      i = number(b, i, n);
      if (i < 0 || i != start + 1 || c != ZERO) return false;
    } else {
      i = value(b, i, n, 1);
      if (i < 0) return false;
    }
    if (bit) {
      if (seen & bit) return false;
      seen |= bit;
      if (bit <= M_NAME || bit == M_START || bit == M_END) {
        if (c != QUOTE) return false;
        const start = i + 1;
        i = checkString(b, i, n);
        if (i < 0) return false;
        const end = i - 1;
        if (bit == M_TRACE) keepText(b, start, end, text, record, TRACE);
        else if (bit == M_SPAN) keepText(b, start, end, text, record, SPAN);
        else if (bit == M_PARENT) keepText(b, start, end, text, record, PARENT);
        else if (bit == M_NAME) keepText(b, start, end, text, record, NAME);
        else {
          if (!nanos(b, start, end)) return false;
          const at = bit == M_START ? START : END;
          store<f64>(record + (<usize>at << 3), wholeUs);
          store<f64>(record + (<usize>(at + 1) << 3), restNs);
        }
      } else if (bit == M_KIND) {
        const start = i;
        i = number(b, i, n);
        if (i < 0 || !integer) return false;
        const kind = smallInt(b, start, i);
        if (kind < 0) return false;
        store<f64>(record + (KIND << 3), <f64>kind);
      } else if (bit == M_STATUS) {
        const code = status(b, i, n);
        if (code < 0) return false;
        i = statusEnd;
        store<f64>(record + (STATUS << 3), <f64>code);
      } else {
        i = list(b, i, n, bit == M_ATTRIBUTES ? 0 : 1, cfg, events);
        if (i < 0) return false;
      }
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return false;
    if (closed) break;
  }
  if (skipSpace(b, i, n) != n) return false;
  // Ids and both times are there (else the span has a warning to say), and it does not end before it starts.
  if ((seen & (M_TRACE | M_SPAN | M_START | M_END)) != (M_TRACE | M_SPAN | M_START | M_END)) return false;
  const start = load<f64>(record + (START << 3));
  const end = load<f64>(record + (END << 3));
  if (start == 0) return false;
  if (end < start || (end == start && load<f64>(record + ((END + 1) << 3)) < load<f64>(record + ((START + 1) << 3)))) return false;
  let http = -1;
  const wanted = load<i32>(cfg);
  for (let w = 0; w < wanted && http < 0; w++) http = load<i32>(FOUND + (<usize>w << 2));
  store<f64>(record + (HTTP << 3), <f64>http);
  store<f64>(record + ((EVENTS + 1) << 3), <f64>(itemAt >> 1) - load<f64>(record + (EVENTS << 3)));
  return true;
}

/** Reads `count` spans (json-walk.ts readSpans); `text` and `events` have room for every span's ids, names and event times. */
export function rows(b: usize, table: usize, count: i32, out: usize, text: usize, events: usize, cfg: usize): i32 {
  return readSpans(b, table, count, out, RECORD, text, events, cfg, span);
}
