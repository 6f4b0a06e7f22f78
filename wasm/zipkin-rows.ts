// What the columns need of Zipkin v2 spans, read straight from their JSON
// bytes, in WebAssembly (AssemblyScript; scripts/build-wasm.mjs compiles it).
// src/formats/zipkin/zipkin-rows.ts runs it and says what it is for. Every
// byte of a span is checked as strictly as JSON.parse checks it; a span of
// any shape but the common one (see `span`) is not read here: it is marked,
// and the caller parses its batch with JSON.parse as before.
//
// Memory is the caller's, as for otlp-rows.ts: `rows` reads `count` spans,
// span k at `b` + start for the i32 pair (start, end) at `table` + 8k; writes
// a record of RECORD f64 per span from `out`; the values the row is made of
// (ids, name, kind, the local endpoint's service and addresses, the value of
// each key tag) from `text`, as one JSON array, as the span has them (the
// record holds their indices); and from `items`, f64 each, the key tags
// (wanted index, value index) and the annotation times. The config at `cfg`:
// the key tag names (i32 count, then per name an i32 length and its bytes,
// padded to 4).
import { byteAt, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, skipSpace } from './json-check';
import { afterMember, closed, dataEnd, itemAt, itemCount, keepInteger, keepRaw, keepString, memberName, nameLength, nameStart, readSpans, spells, takeItems, textLength, value, wantedName } from './json-walk';

/** Annotations of one span at most (more: the span is not read here). */
const MAX_LIST: i32 = 64;

/** Record fields (f64 each): src/formats/zipkin/zipkin-rows.ts names the same (test/wasm-layout.test.ts). */
const OK = 0;
const TRACE = 1;
const SPAN = 2;
const PARENT = 3;
const NAME = 4;
const KIND = 5;
const START = 6;
const DURATION = 7;
const SERVICE = 8;
const IPV4 = 9;
const IPV6 = 10;
const SHARED = 11;
const TAGS = 12;
const EVENTS = 14;
export const RECORD: i32 = 16;

export { dataEnd, itemCount, textLength };

/**
 * The local endpoint at i: an object whose serviceName, ipv4 and ipv6, where
 * present, are strings (others are checked and passed over); anything else
 * is passed over (the row reads it as no endpoint). The index past it, or -1.
 */
function endpoint(b: usize, i: i32, n: i32, text: usize, record: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return value(b, i, n, 1);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    let field = -1;
    if (spells(b, nameStart, nameLength, 'serviceName')) field = SERVICE;
    else if (spells(b, nameStart, nameLength, 'ipv4')) field = IPV4;
    else if (spells(b, nameStart, nameLength, 'ipv6')) field = IPV6;
    if (field >= 0) {
      if (load<f64>(record + (<usize>field << 3)) >= 0) return -1;
      i = keepString(b, i, n, text, record, field);
    } else i = value(b, i, n, 2);
    if (i < 0) return -1;
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

/**
 * The tags at i: an object; the value of each member whose name is a wanted
 * one (a string, number or literal, once) is noted as an item pair (wanted
 * index, value index). Anything but an object is passed over (the row reads
 * it as no tags). The index past it, or -1.
 */
function tags(b: usize, i: i32, n: i32, text: usize, items: usize, cfg: usize): i32 {
  if (byteAt(b, i) != OPEN_OBJECT) return value(b, i, n, 1);
  let seen = 0;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return -1;
    const wanted = wantedName(b, nameStart, nameLength, cfg);
    if (wanted >= 0) {
      const c = byteAt(b, i);
      // Twice (the last one counts) or an object: JSON.parse's way.
      if (seen & (1 << wanted) || c == OPEN_OBJECT || c == OPEN_ARRAY) return -1;
      seen |= 1 << wanted;
      const from = i;
      i = value(b, i, n, 2);
      if (i < 0) return -1;
      const item = items + (<usize>takeItems(2) << 3);
      store<f64>(item, <f64>wanted);
      keepRaw(b, from, i, text, item, 1);
    } else {
      i = value(b, i, n, 2);
      if (i < 0) return -1;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

/** An annotation at i: an object with an integer timestamp (its value is checked, not read); the time is noted. The index past it, or -1. */
function annotation(b: usize, i: i32, n: i32, items: usize): i32 {
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

/** The annotations at i, noted as items (entries that are not objects are passed over, as the row passes over them): the index past it, or -1. */
function annotations(b: usize, i: i32, n: i32, items: usize): i32 {
  // Not a list: the row reads it as an empty one.
  if (byteAt(b, i) != OPEN_ARRAY) return value(b, i, n, 1);
  let entries = 0;
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_ARRAY) return i + 1;
  for (;;) {
    if (i >= n) return -1;
    i = byteAt(b, i) == OPEN_OBJECT ? annotation(b, i, n, items) : value(b, i, n, 2);
    if (i < 0 || ++entries > MAX_LIST) return -1;
    i = afterMember(b, i, n, CLOSE_ARRAY);
    if (i < 0) return -1;
    if (closed) return i;
  }
  return -1;
}

// Members a span has at most once here (bits).
const M_TRACE = 1;
const M_SPAN = 2;
const M_PARENT = 4;
const M_NAME = 8;
const M_KIND = 16;
const M_START = 32;
const M_DURATION = 64;
const M_LOCAL = 128;
const M_TAGS = 256;
const M_EVENTS = 512;
const M_SHARED = 1024;

/** One span [0, n) at b: its record, or false when it is not of the common shape (or not valid JSON). */
function span(b: usize, n: i32, record: usize, text: usize, items: usize, cfg: usize): bool {
  let i = skipSpace(b, 0, n);
  if (i >= n || byteAt(b, i) != OPEN_OBJECT) return false;
  let seen = 0;
  for (let f = PARENT; f <= IPV6; f++) store<f64>(record + (<usize>f << 3), -1);
  store<f64>(record + (SHARED << 3), 0);
  store<f64>(record + (TAGS << 3), <f64>itemAt);
  store<f64>(record + ((TAGS + 1) << 3), 0);
  store<f64>(record + (EVENTS << 3), <f64>itemAt);
  store<f64>(record + ((EVENTS + 1) << 3), 0);
  i = skipSpace(b, i + 1, n);
  if (i < n && byteAt(b, i) == CLOSE_OBJECT) return false;
  for (;;) {
    i = memberName(b, i, n);
    if (i < 0) return false;
    const keyStart = nameStart;
    const len = nameLength;
    let bit = 0;
    if (spells(b, keyStart, len, 'traceId')) bit = M_TRACE;
    else if (spells(b, keyStart, len, 'id')) bit = M_SPAN;
    else if (spells(b, keyStart, len, 'parentId')) bit = M_PARENT;
    else if (spells(b, keyStart, len, 'name')) bit = M_NAME;
    else if (spells(b, keyStart, len, 'kind')) bit = M_KIND;
    else if (spells(b, keyStart, len, 'timestamp')) bit = M_START;
    else if (spells(b, keyStart, len, 'duration')) bit = M_DURATION;
    else if (spells(b, keyStart, len, 'localEndpoint')) bit = M_LOCAL;
    else if (spells(b, keyStart, len, 'tags')) bit = M_TAGS;
    else if (spells(b, keyStart, len, 'annotations')) bit = M_EVENTS;
    else if (spells(b, keyStart, len, 'shared')) bit = M_SHARED;
    else {
      i = value(b, i, n, 1);
      if (i < 0) return false;
    }
    if (bit) {
      if (seen & bit) return false;
      seen |= bit;
      if (bit == M_TRACE) i = keepString(b, i, n, text, record, TRACE);
      else if (bit == M_SPAN) i = keepString(b, i, n, text, record, SPAN);
      else if (bit == M_PARENT) i = keepString(b, i, n, text, record, PARENT);
      else if (bit == M_NAME) i = keepString(b, i, n, text, record, NAME);
      else if (bit == M_KIND) i = keepString(b, i, n, text, record, KIND);
      else if (bit == M_START) i = keepInteger(b, i, n, record, START);
      else if (bit == M_DURATION) i = keepInteger(b, i, n, record, DURATION);
      else if (bit == M_LOCAL) i = endpoint(b, i, n, text, record);
      else if (bit == M_SHARED) {
        // Only `true` makes a shared half; any other value is passed over as not one.
        const from = i;
        i = value(b, i, n, 1);
        if (i == from + 4 && byteAt(b, from) == 0x74) store<f64>(record + (SHARED << 3), 1);
      } else if (bit == M_TAGS) {
        const first = itemAt;
        store<f64>(record + (TAGS << 3), <f64>first);
        i = tags(b, i, n, text, items, cfg);
        store<f64>(record + ((TAGS + 1) << 3), <f64>((itemAt - first) / 2));
      } else {
        const first = itemAt;
        store<f64>(record + (EVENTS << 3), <f64>first);
        i = annotations(b, i, n, items);
        store<f64>(record + ((EVENTS + 1) << 3), <f64>(itemAt - first));
      }
      if (i < 0) return false;
    }
    i = afterMember(b, i, n, CLOSE_OBJECT);
    if (i < 0) return false;
    if (closed) break;
  }
  if (skipSpace(b, i, n) != n) return false;
  // Both ids, a start and a duration (else the span has a warning to say).
  return (seen & (M_TRACE | M_SPAN | M_START | M_DURATION)) == (M_TRACE | M_SPAN | M_START | M_DURATION);
}

/** Reads `count` spans (json-walk.ts readSpans); `text` and `items` have room for every span's values. */
export function rows(b: usize, table: usize, count: i32, out: usize, text: usize, items: usize, cfg: usize): i32 {
  return readSpans(b, table, count, out, RECORD, text, items, cfg, span);
}
