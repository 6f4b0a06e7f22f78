// A span's JSON cut down before JSON.parse, in WebAssembly (AssemblyScript;
// scripts/build-wasm.mjs compiles it). src/import/lean-span.ts runs it and
// says what it is for. The span's member named in the config (OTLP's
// attributes, Jaeger's and Zipkin's tags) is checked byte by byte, as
// strictly as JSON.parse checks it, and only the entries that hold a wanted
// name as a string stay. Anything unexpected (no such member, a \u escape that
// could spell a name, text that is not valid JSON) leaves the span whole.
//
// Memory is the caller's: every function takes pointers. The config at `cfg`:
// i32 member length, i32 wanted count, u64 mask of wanted lengths below 64,
// the member's bytes (padded to 4), then per wanted name an i32 length and
// its bytes (padded to 4). The span is followed by at least 8 zero bytes.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, DOT, HEX, MINUS, NINE, OPEN_ARRAY, OPEN_OBJECT, PLUS, QUOTE, SIMPLE_ESCAPE, SPACE, STRING_STOP, ZERO } from './json-check';

const MAX_DEPTH: i32 = 256;
const ESCAPED: i32 = 1;
const UNICODE: i32 = 2;
const OPEN = memory.data(MAX_DEPTH + 8);

let stringFlags: i32 = 0;
let markCount: i32 = 0;
let memberEnd: i32 = 0;

@inline function byteAt(b: usize, i: i32): u32 { return load<u8>(b + <usize>i); }

function skipSpace(b: usize, i: i32, n: i32): i32 {
  while (i < n && load<u8>(SPACE + byteAt(b, i))) i++;
  return i;
}

@inline function isDigit(c: u32): bool { return c >= ZERO && c <= NINE; }

/** From i, the first quote, backslash or (with `controls`) control character below n, sixteen bytes at a time; then byte by byte. */
@inline function stringStop(b: usize, i: i32, n: i32, controls: bool): i32 {
  const quotes = i8x16.splat(<i8>QUOTE);
  const backslashes = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  while (i + 16 <= n) {
    const v = v128.load(b + <usize>i);
    let hits = v128.or(i8x16.eq(v, quotes), i8x16.eq(v, backslashes));
    if (controls) hits = v128.or(hits, i8x16.lt_u(v, space));
    const mask = i8x16.bitmask(hits);
    if (mask != 0) return i + ctz(mask);
    i += 16;
  }
  return i;
}

function checkString(b: usize, i: i32, n: i32): i32 {
  i++;
  stringFlags &= ~ESCAPED;
  for (;;) {
    i = stringStop(b, i, n, true);
    while (i < n && !load<u8>(STRING_STOP + byteAt(b, i))) i++;
    if (i >= n) return -1;
    const c = byteAt(b, i);
    if (c == QUOTE) return i + 1;
    if (c != BACKSLASH) return -1;
    stringFlags |= ESCAPED;
    const e = i + 1 < n ? byteAt(b, i + 1) : 0;
    if (e == 0x75) {
      if (i + 5 >= n || !load<u8>(HEX + byteAt(b, i + 2)) || !load<u8>(HEX + byteAt(b, i + 3)) || !load<u8>(HEX + byteAt(b, i + 4)) || !load<u8>(HEX + byteAt(b, i + 5))) return -1;
      stringFlags |= UNICODE;
      i += 6;
    } else if (load<u8>(SIMPLE_ESCAPE + e)) i += 2;
    else return -1;
  }
  return -1;
}

function number(b: usize, i: i32, n: i32): i32 {
  if (i < n && byteAt(b, i) == MINUS) i++;
  if (i < n && byteAt(b, i) == ZERO) i++;
  else if (i < n && isDigit(byteAt(b, i))) { while (i < n && isDigit(byteAt(b, i))) i++; }
  else return -1;
  if (i < n && byteAt(b, i) == DOT) {
    i++;
    if (!(i < n && isDigit(byteAt(b, i)))) return -1;
    while (i < n && isDigit(byteAt(b, i))) i++;
  }
  if (i < n && (byteAt(b, i) == 0x65 || byteAt(b, i) == 0x45)) {
    i++;
    if (i < n && (byteAt(b, i) == PLUS || byteAt(b, i) == MINUS)) i++;
    if (!(i < n && isDigit(byteAt(b, i)))) return -1;
    while (i < n && isDigit(byteAt(b, i))) i++;
  }
  return i;
}

/** The literal whose first `len` bytes are `w` (little-endian) at i; the index past it, or -1. */
function word(b: usize, i: i32, n: i32, w: u32, len: i32): i32 {
  if (i + len > n) return -1;
  for (let k = 0; k < len; k++) if (byteAt(b, i + k) != ((w >> (<u32>k * 8)) & 0xff)) return -1;
  return i + len;
}

function literal(b: usize, i: i32, n: i32): i32 {
  const c = byteAt(b, i);
  if (c == 0x74) return word(b, i, n, 0x65757274, 4); // true
  if (c == 0x6e) return word(b, i, n, 0x6c6c756e, 4); // null
  if (c == 0x66) {
    if (i + 5 > n || byteAt(b, i + 4) != 0x65) return -1;
    return word(b, i, n, 0x736c6166, 4) < 0 ? -1 : i + 5; // false
  }
  return -1;
}

/** Skips a value without checking it (JSON.parse checks it later): strings and brackets are followed. */
function skipValue(b: usize, i: i32, n: i32): i32 {
  let depth = 0;
  while (i < n) {
    const c = byteAt(b, i);
    if (c == QUOTE) {
      i++;
      for (;;) {
        i = stringStop(b, i, n, false);
        while (i < n && byteAt(b, i) != QUOTE && byteAt(b, i) != BACKSLASH) i++;
        if (i >= n || byteAt(b, i) == QUOTE) break;
        i += 2;
      }
      i++;
      if (depth == 0) return i <= n ? i : -1;
    } else if (c == OPEN_OBJECT || c == OPEN_ARRAY) {
      depth++;
      i++;
    } else if (c == CLOSE_OBJECT || c == CLOSE_ARRAY) {
      if (depth == 0) return i;
      i++;
      if (--depth == 0) return i;
    } else if (depth == 0 && (c == COMMA || load<u8>(SPACE + c))) return i;
    else i++;
  }
  return depth == 0 ? i : -1;
}

/** Whether the `len` bytes at s spell a wanted name. */
function isWanted(s: usize, len: i32, cfg: usize): bool {
  if (len < 64 && ((load<u64>(cfg + 8) >> <u64>len) & 1) == 0) return false;
  const count = load<i32>(cfg + 4);
  let p = cfg + 16 + ((<usize>load<i32>(cfg) + 3) & ~3);
  for (let k = 0; k < count; k++) {
    const l = load<i32>(p);
    if (l == len) {
      let j = 0;
      while (j < l && load<u8>(p + 4 + <usize>j) == load<u8>(s + <usize>j)) j++;
      if (j == l) return true;
    }
    p += 4 + ((<usize>l + 3) & ~3);
  }
  return false;
}

function mark(marks: usize, start: i32, end: i32, keep: bool): void {
  const p = marks + (<usize>markCount << 2);
  store<i32>(p, start);
  store<i32>(p + 4, end);
  store<i32>(p + 8, keep ? 1 : 0);
  markCount += 3;
}

/**
 * Checks the array or object at i as JSON.parse would, noting its entries in
 * `marks` (start, end, kept: three i32 each); the index past it, or -1.
 */
function check(b: usize, i: i32, n: i32, marks: usize, cfg: usize): i32 {
  markCount = 0;
  stringFlags = 0;
  let depth = 0;
  let entryStart = -1;
  let keep = false;
  let next = 0;
  while (i < n) {
    const c = byteAt(b, i);
    if (load<u8>(SPACE + c)) { i++; continue; }
    if (next == 2) {
      if (c == COMMA) {
        i++;
        next = load<u8>(OPEN + depth) == CLOSE_OBJECT ? 1 : 0;
        if (depth == 1 && next == 0) { entryStart = skipSpace(b, i, n); keep = false; }
        continue;
      }
      if (c != load<u8>(OPEN + depth)) return -1;
      i++;
      if (--depth == 0) return i;
      if (depth == 1) mark(marks, entryStart, i, keep);
      continue;
    }
    if (c == QUOTE) {
      if (next == 1 && depth == 1) { entryStart = i; keep = false; }
      const start = i + 1;
      i = checkString(b, i, n);
      if (i < 0) return -1;
      if ((stringFlags & ESCAPED) == 0 && isWanted(b + <usize>start, i - 1 - start, cfg)) keep = true;
      if (next == 1) {
        i = skipSpace(b, i, n);
        if (i >= n || byteAt(b, i) != COLON) return -1;
        i++;
        next = 0;
        continue;
      }
    } else if (next == 1) return -1;
    else if (c == OPEN_OBJECT || c == OPEN_ARRAY) {
      if (depth == MAX_DEPTH) return -1;
      depth++;
      store<u8>(OPEN + <usize>depth, c == OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY);
      i = skipSpace(b, i + 1, n);
      if (i >= n || byteAt(b, i) != load<u8>(OPEN + <usize>depth)) {
        next = c == OPEN_OBJECT ? 1 : 0;
        if (depth == 1 && next == 0) { entryStart = i; keep = false; }
        continue;
      }
      i++;
      if (--depth == 0) return i;
    } else if (c == MINUS || isDigit(c)) {
      i = number(b, i, n);
      if (i < 0) return -1;
    } else {
      i = literal(b, i, n);
      if (i < 0) return -1;
    }
    next = 2;
    if (depth == 1) mark(marks, entryStart, i, keep);
  }
  return -1;
}

function isMember(b: usize, start: i32, end: i32, cfg: usize): bool {
  const len = load<i32>(cfg);
  if (end - start != len) return false;
  for (let k = 0; k < len; k++) if (byteAt(b, start + k) != load<u8>(cfg + 16 + <usize>k)) return false;
  return true;
}

/** The member's value start when it can be cut down (its end in memberEnd, entries in marks), else -1. */
function locate(b: usize, n: i32, marks: usize, cfg: usize): i32 {
  let i = skipSpace(b, 0, n);
  if (i >= n || byteAt(b, i) != OPEN_OBJECT) return -1;
  i++;
  for (;;) {
    i = skipSpace(b, i, n);
    if (i >= n || byteAt(b, i) != QUOTE) return -1;
    const keyStart = i + 1;
    let plain = true;
    i = keyStart;
    while (i < n && byteAt(b, i) != QUOTE) {
      if (byteAt(b, i) == BACKSLASH) { plain = false; i++; }
      i++;
    }
    if (i >= n) return -1;
    const keyEnd = i;
    i = skipSpace(b, i + 1, n);
    if (i >= n || byteAt(b, i) != COLON) return -1;
    i = skipSpace(b, i + 1, n);
    if (plain && isMember(b, keyStart, keyEnd, cfg)) break;
    i = skipValue(b, i, n);
    if (i < 0) return -1;
    i = skipSpace(b, i, n);
    if (i >= n || byteAt(b, i) != COMMA) return -1;
    i++;
  }
  if (i >= n) return -1;
  const c = byteAt(b, i);
  if (c != OPEN_ARRAY && c != OPEN_OBJECT) return -1;
  const end = check(b, i, n, marks, cfg);
  if (end < 0 || (stringFlags & UNICODE) != 0) return -1;
  let kept = 0;
  for (let m = 2; m < markCount; m += 3) kept += load<i32>(marks + (<usize>m << 2));
  if (kept * 3 == markCount) return -1;
  memberEnd = end;
  return i;
}

/** Writes the span at b (n bytes) to out, cut down where it can be; returns the length written. */
export function lean(b: usize, n: i32, out: usize, marks: usize, cfg: usize): i32 {
  const from = locate(b, n, marks, cfg);
  if (from < 0) {
    memory.copy(out, b, <usize>n);
    return n;
  }
  const to = memberEnd;
  memory.copy(out, b, <usize>from);
  let at = from;
  store<u8>(out + <usize>at, byteAt(b, from));
  at++;
  let first = true;
  for (let m = 0; m < markCount; m += 3) {
    const p = marks + (<usize>m << 2);
    if (load<i32>(p + 8) == 0) continue;
    if (!first) {
      store<u8>(out + <usize>at, <u8>COMMA);
      at++;
    }
    first = false;
    const start = load<i32>(p);
    const end = load<i32>(p + 4);
    memory.copy(out + <usize>at, b + <usize>start, <usize>(end - start));
    at += end - start;
  }
  store<u8>(out + <usize>at, byteAt(b, to - 1));
  at++;
  memory.copy(out + <usize>at, b + <usize>to, <usize>(n - to));
  return at + n - to;
}

/**
 * Writes `count` spans to out, cut down where they can be, joined by commas;
 * returns the length written. Span k is at `b` + start, for start and end
 * the two i32 at `table` + 8k; `marks` has room for the longest.
 */
export function leanMany(b: usize, table: usize, count: i32, out: usize, marks: usize, cfg: usize): i32 {
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      store<u8>(out + <usize>at, <u8>COMMA);
      at++;
    }
    const start = load<i32>(table + (<usize>k << 3));
    const end = load<i32>(table + (<usize>k << 3) + 4);
    at += lean(b + <usize>start, end - start, out + <usize>at, marks, cfg);
  }
  return at;
}
