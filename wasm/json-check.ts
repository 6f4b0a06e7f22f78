// JSON checked byte by byte as strictly as JSON.parse checks it, for the
// WebAssembly modules in this folder (imported, not a module of its own):
// JSON's bytes and their tables, strings (sixteen bytes at a time), numbers
// and literals. (lean-span.ts shares the bytes and tables but keeps its own
// string check: through these functions its loop ran at two thirds of the
// speed.)
export const QUOTE: u32 = 0x22;
export const BACKSLASH: u32 = 0x5c;
export const NEWLINE: u32 = 0x0a;
export const COMMA: u32 = 0x2c;
export const COLON: u32 = 0x3a;
export const OPEN_OBJECT: u32 = 0x7b;
export const CLOSE_OBJECT: u32 = 0x7d;
export const OPEN_ARRAY: u32 = 0x5b;
export const CLOSE_ARRAY: u32 = 0x5d;
export const MINUS: u32 = 0x2d;
export const PLUS: u32 = 0x2b;
export const DOT: u32 = 0x2e;
export const ZERO: u32 = 0x30;
export const NINE: u32 = 0x39;

export const SPACE = memory.data(256);
export const SIMPLE_ESCAPE = memory.data(256);
export const STRING_STOP = memory.data(256);
export const HEX = memory.data(256);
store<u8>(SPACE + 0x20, 1); store<u8>(SPACE + 0x09, 1); store<u8>(SPACE + 0x0a, 1); store<u8>(SPACE + 0x0d, 1);
store<u8>(SIMPLE_ESCAPE + 0x22, 1); store<u8>(SIMPLE_ESCAPE + 0x5c, 1); store<u8>(SIMPLE_ESCAPE + 0x2f, 1);
store<u8>(SIMPLE_ESCAPE + 0x62, 1); store<u8>(SIMPLE_ESCAPE + 0x66, 1); store<u8>(SIMPLE_ESCAPE + 0x6e, 1);
store<u8>(SIMPLE_ESCAPE + 0x72, 1); store<u8>(SIMPLE_ESCAPE + 0x74, 1);
for (let c = 0; c < 0x20; c++) store<u8>(STRING_STOP + c, 1);
store<u8>(STRING_STOP + QUOTE, 1); store<u8>(STRING_STOP + BACKSLASH, 1);
for (let c = 0x30; c <= 0x39; c++) store<u8>(HEX + c, 1);
for (let c = 0x41; c <= 0x46; c++) { store<u8>(HEX + c, 1); store<u8>(HEX + c + 0x20, 1); }

/** What the last string checked held: an escape, a \u escape. */
export let escaped = false;
export let unicode = false;
/** The last number checked was digits only (no sign, fraction or exponent). */
export let integer = false;

@inline export function byteAt(b: usize, i: i32): u32 { return load<u8>(b + <usize>i); }

@inline export function isDigit(c: u32): bool { return c >= ZERO && c <= NINE; }

@inline export function skipSpace(b: usize, i: i32, n: i32): i32 {
  while (i < n && byteAt(b, i) <= 0x20 && load<u8>(SPACE + byteAt(b, i))) i++;
  return i;
}

/** From i, the first quote, backslash or (with `controls`) control character below n, sixteen bytes at a time (then the caller goes byte by byte). */
@inline export function stringStop(b: usize, i: i32, n: i32, controls: bool): i32 {
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

/** The string at i (a quote): the index past it, or -1 when JSON.parse would reject it. Sets `escaped` and `unicode`. */
export function checkString(b: usize, i: i32, n: i32): i32 {
  i++;
  escaped = false;
  unicode = false;
  for (;;) {
    i = stringStop(b, i, n, true);
    while (i < n && !load<u8>(STRING_STOP + byteAt(b, i))) i++;
    if (i >= n) return -1;
    const c = byteAt(b, i);
    if (c == QUOTE) return i + 1;
    if (c != BACKSLASH) return -1;
    escaped = true;
    const e = i + 1 < n ? byteAt(b, i + 1) : 0;
    if (e == 0x75) {
      if (i + 5 >= n || !load<u8>(HEX + byteAt(b, i + 2)) || !load<u8>(HEX + byteAt(b, i + 3)) || !load<u8>(HEX + byteAt(b, i + 4)) || !load<u8>(HEX + byteAt(b, i + 5))) return -1;
      unicode = true;
      i += 6;
    } else if (load<u8>(SIMPLE_ESCAPE + e)) i += 2;
    else return -1;
  }
  return -1;
}

/** The number at i: the index past it, or -1. Sets `integer`. */
export function number(b: usize, i: i32, n: i32): i32 {
  integer = true;
  if (i < n && byteAt(b, i) == MINUS) {
    i++;
    integer = false;
  }
  if (i < n && byteAt(b, i) == ZERO) i++;
  else if (i < n && isDigit(byteAt(b, i))) { while (i < n && isDigit(byteAt(b, i))) i++; }
  else return -1;
  if (i < n && byteAt(b, i) == DOT) {
    integer = false;
    i++;
    if (!(i < n && isDigit(byteAt(b, i)))) return -1;
    while (i < n && isDigit(byteAt(b, i))) i++;
  }
  if (i < n && (byteAt(b, i) == 0x65 || byteAt(b, i) == 0x45)) {
    integer = false;
    i++;
    if (i < n && (byteAt(b, i) == PLUS || byteAt(b, i) == MINUS)) i++;
    if (!(i < n && isDigit(byteAt(b, i)))) return -1;
    while (i < n && isDigit(byteAt(b, i))) i++;
  }
  return i;
}

/** true, false or null at i: the index past it, or -1. */
export function literal(b: usize, i: i32, n: i32): i32 {
  const c = byteAt(b, i);
  let word: u64 = 0;
  let len = 4;
  if (c == 0x74) word = 0x65757274; // true
  else if (c == 0x6e) word = 0x6c6c756e; // null
  else if (c == 0x66) {
    word = 0x65736c6166; // false
    len = 5;
  } else return -1;
  if (i + len > n) return -1;
  for (let k = 0; k < len; k++) if (byteAt(b, i + k) != <u32>((word >> (<u64>k * 8)) & 0xff)) return -1;
  return i + len;
}
