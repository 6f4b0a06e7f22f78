// What the columns need of Jaeger spans, read straight from their JSON bytes,
// in WebAssembly (AssemblyScript; scripts/build-wasm.mjs compiles it).
// src/formats/jaeger/jaeger-rows.ts runs it and says what it is for. Every
// byte of a span is checked as strictly as JSON.parse checks it; a span of
// any shape but the common one (see `span`) is not read here: it is marked,
// and the caller parses its batch with JSON.parse as before.
//
// Memory is the caller's, as for otlp-rows.ts: `rows` reads `count` spans,
// span k at `b` + start for the i32 pair (start, end) at `table` + 8k; writes
// a record of RECORD f64 per span from `out`; the values the row is made of
// (ids, names, a reference's members, a key tag's type and value) from
// `text`, as one JSON array, as the span has them (the record holds their
// indices); and from `items`, f64 each, the references (refType, traceID and
// spanID indices), the key tags (wanted index, type index, value index) and
// the log times. The config at `cfg`: the key tag
// names (i32 count, then per name an i32 length and its bytes, padded to 4).
import { byteAt, checkString, CLOSE_ARRAY, CLOSE_OBJECT, escaped, integer, literal, number, OPEN_ARRAY, OPEN_OBJECT, QUOTE, skipSpace, unicode } from './json-check';
import { afterMember, closed, dataEnd, itemAt, itemCount, keepInteger, keepRaw, keepString, memberName, nameLength, nameStart, readSpans, spells, takeItems, textLength, value, wantedName } from './json-walk';

/** References, key tags and logs of one span at most (more: the span is not read here). */
const MAX_LIST: i32 = 64;

/** Record fields (f64 each): src/formats/jaeger/jaeger-rows.ts names the same (test/wasm-layout.test.ts). */
const OK = 0;
const TRACE = 1;
const SPAN = 2;
const NAME = 3;
const PROCESS = 4;
const START = 5;
const DURATION = 6;
const REFS = 7;
const TAGS = 9;
const LOGS = 11;
export const RECORD: i32 = 13;

export { dataEnd, itemCount, textLength };

/**
 * A reference at i: an object whose refType, traceID and spanID, where
 * present, are strings (other members are checked and passed over); their
 * text indices are noted as one item triple (-1: absent). The index past it,
 * or -1.
 */
function reference(b: usize, i: i32, n: i32, text: usize, items: usize): i32 {
  if (i >= n || byteAt(b, i) != OPEN_OBJECT) return -1;
  const item = items + (<usize>takeItems(3) << 3);
  store<f64>(item, -1);
  store<f64>(item + 8, -1);
  store<f64>(item + 16, -1);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    let field = -1;
    if (spells(b, nameStart, nameLength, 'refType')) field = 0;
    else if (spells(b, nameStart, nameLength, 'traceID')) field = 1;
    else if (spells(b, nameStart, nameLength, 'spanID')) field = 2;
    if (field >= 0) {
      if (load<f64>(item + (<usize>field << 3)) >= 0) return -1;
      i = keepString(b, i, n, text, item, field);
    } else i = value(b, i, n, 3);
    if (i < 0) return -1;
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

/**
 * A tag at i: checked; when it is an object whose key is a wanted name (no
 * escape in it), its wanted index, type and value (a string, number or
 * literal) are noted for the caller. The index past it, or -1.
 */
function tag(b: usize, i: i32, n: i32, text: usize, items: usize, cfg: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return value(b, i, n, 2);
  let wanted = -2;
  let typeFrom = -1;
  let typeTo = -1;
  let valueFrom = -1;
  let valueTo = -1;
  let complex = false;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    const c = byteAt(b, i);
    if (spells(b, nameStart, nameLength, 'key')) {
      if (wanted != -2) return -1;
      if (c != QUOTE) return -1;
      const start = i + 1;
      i = checkString(b, i, n);
      // Wanted names hold no character that needs an escape: only a \u escape could spell one.
      if (i < 0 || unicode) return -1;
      wanted = escaped ? -1 : wantedName(b, start, i - 1 - start, cfg);
    } else if (spells(b, nameStart, nameLength, 'type')) {
      if (typeFrom >= 0 || c != QUOTE) return -1;
      typeFrom = i;
      i = checkString(b, i, n);
      typeTo = i;
    } else if (spells(b, nameStart, nameLength, 'value')) {
      if (valueFrom >= 0) return -1;
      complex = c == OPEN_OBJECT || c == OPEN_ARRAY;
      valueFrom = i;
      i = value(b, i, n, 3);
      valueTo = i;
    } else i = value(b, i, n, 3);
    if (i < 0) return -1;
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) break;
  }
  // A key tag whose value is an object or an array: JSON.parse's way words it.
  if (wanted >= 0 && complex) return -1;
  if (wanted >= 0) {
    const item = items + (<usize>takeItems(3) << 3);
    store<f64>(item, <f64>wanted);
    store<f64>(item + 8, -1);
    store<f64>(item + 16, -1);
    if (typeFrom >= 0) keepRaw(b, typeFrom, typeTo, text, item, 1);
    if (valueFrom >= 0) keepRaw(b, valueFrom, valueTo, text, item, 2);
  }
  return i;
}

/** A log at i: an object with an integer timestamp (its fields are checked, not read); the time is noted. The index past it, or -1. */
function log(b: usize, i: i32, n: i32, items: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return -1;
  let seen = false;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return -1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    if (spells(b, nameStart, nameLength, 'timestamp')) {
      if (seen) return -1;
      seen = true;
      i = keepInteger(b, i, n, items, takeItems(1));
    } else i = value(b, i, n, 3);
    if (i < 0) return -1;
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) return seen ? i : -1;
  }
  return -1;
}

/** A list at i whose entries `kind` reads (0 references, 1 tags, 2 logs), noted as items: the index past it, or -1. */
function list(b: usize, i: i32, n: i32, kind: i32, text: usize, items: usize, cfg: usize): i32 {
  let entries = 0;
  // Not a list: the row reads it as an empty one.
  if (byteAt(b, i) != OPEN_ARRAY) return value(b, i, n, 1);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_ARRAY) return i + 1;
  for (;;) {
    if (i >= n) return -1;
    // An entry that is not an object is passed over, as the row passes over it (details say it).
    if (kind != 1 && byteAt(b, i) != OPEN_OBJECT) i = value(b, i, n, 2);
    else if (kind == 0) i = reference(b, i, n, text, items);
    else if (kind == 1) i = tag(b, i, n, text, items, cfg);
    else i = log(b, i, n, items);
    if (i < 0) return -1;
    if (kind != 1 && ++entries > MAX_LIST) return -1;
    i = afterMember(b, i, n, CLOSE_ARRAY);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

// Members a span has at most once here (bits).
const M_TRACE = 1;
const M_SPAN = 2;
const M_NAME = 4;
const M_PROCESS = 8;
const M_START = 16;
const M_DURATION = 32;
const M_REFS = 64;
const M_TAGS = 128;
const M_LOGS = 256;
const M_WARNINGS = 512;

/** One span [0, n) at b: its record, or false when it is not of the common shape (or not valid JSON). */
function span(b: usize, n: i32, record: usize, text: usize, items: usize, cfg: usize): bool {
  let i = skipSpace(b, 0, n);
  if (i >= n || byteAt(b, i) != OPEN_OBJECT) return false;
  let seen = 0;
  store<f64>(record + (NAME << 3), -1);
  store<f64>(record + (PROCESS << 3), -1);
  store<f64>(record + (REFS << 3), <f64>itemAt);
  store<f64>(record + ((REFS + 1) << 3), 0);
  store<f64>(record + (TAGS << 3), <f64>itemAt);
  store<f64>(record + ((TAGS + 1) << 3), 0);
  store<f64>(record + (LOGS << 3), <f64>itemAt);
  store<f64>(record + ((LOGS + 1) << 3), 0);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return false;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return false;
    const keyStart = nameStart;
    const len = nameLength;
    let bit = 0;
    const c = byteAt(b, i);
    if (spells(b, keyStart, len, 'traceID')) bit = M_TRACE;
    else if (spells(b, keyStart, len, 'spanID')) bit = M_SPAN;
    else if (spells(b, keyStart, len, 'operationName')) bit = M_NAME;
    else if (spells(b, keyStart, len, 'processID')) bit = M_PROCESS;
    else if (spells(b, keyStart, len, 'startTime')) bit = M_START;
    else if (spells(b, keyStart, len, 'duration')) bit = M_DURATION;
    else if (spells(b, keyStart, len, 'references')) bit = M_REFS;
    else if (spells(b, keyStart, len, 'tags')) bit = M_TAGS;
    else if (spells(b, keyStart, len, 'logs')) bit = M_LOGS;
    else if (spells(b, keyStart, len, 'warnings')) bit = M_WARNINGS;
    // An inline process, a legacy parentSpanID, a nested span list: JSON.parse's way.
    else if (spells(b, keyStart, len, 'process') || spells(b, keyStart, len, 'parentSpanID') || spells(b, keyStart, len, 'spans')) return false;
    else {
      i = value(b, i, n, 1);
      if (i < 0) return false;
    }
    if (bit) {
      if (seen & bit) return false;
      seen |= bit;
      if (bit == M_TRACE) i = keepString(b, i, n, text, record, TRACE);
      else if (bit == M_SPAN) i = keepString(b, i, n, text, record, SPAN);
      else if (bit == M_NAME) i = keepString(b, i, n, text, record, NAME);
      else if (bit == M_PROCESS) i = keepString(b, i, n, text, record, PROCESS);
      else if (bit == M_START) i = keepInteger(b, i, n, record, START);
      else if (bit == M_DURATION) i = keepInteger(b, i, n, record, DURATION);
      else if (bit == M_WARNINGS) {
        // null or [] (else the span has warnings to say: JSON.parse's way)
        if (c == OPEN_ARRAY) {
          i = skipSpace(b, i + 1, n);
          i = i < n && byteAt(b, i) == CLOSE_ARRAY ? i + 1 : -1;
        } else i = c == 0x6e ? literal(b, i, n) : -1;
      } else if (bit == M_REFS) {
        const first = itemAt;
        store<f64>(record + (REFS << 3), <f64>first);
        i = list(b, i, n, 0, text, items, cfg);
        store<f64>(record + ((REFS + 1) << 3), <f64>((itemAt - first) / 3));
      } else if (bit == M_TAGS) {
        const first = itemAt;
        store<f64>(record + (TAGS << 3), <f64>first);
        i = list(b, i, n, 1, text, items, cfg);
        if ((itemAt - first) / 3 > MAX_LIST) return false;
        store<f64>(record + ((TAGS + 1) << 3), <f64>((itemAt - first) / 3));
      } else {
        const first = itemAt;
        store<f64>(record + (LOGS << 3), <f64>first);
        i = list(b, i, n, 2, text, items, cfg);
        store<f64>(record + ((LOGS + 1) << 3), <f64>(itemAt - first));
      }
      if (i < 0) return false;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return false;
    if (closed) break;
  }
  if (skipSpace(b, i, n) != n) return false;
  // Both ids, a start and a duration (else the span has a warning to say); the operation name, if any, was a string.
  return (seen & (M_TRACE | M_SPAN | M_START | M_DURATION)) == (M_TRACE | M_SPAN | M_START | M_DURATION);
}

/** Reads `count` spans (json-walk.ts readSpans); `text` and `items` have room for every span's values. */
export function rows(b: usize, table: usize, count: i32, out: usize, text: usize, items: usize, cfg: usize): i32 {
  return readSpans(b, table, count, out, RECORD, text, items, cfg, span);
}
