// A span's JSON cut down before JSON.parse. The streaming importer needs a
// few fields of each span for its row, while one member (OTLP's attributes,
// Jaeger's tags, Zipkin's tags) holds most of the bytes. That member is
// checked here byte by byte, as strictly as JSON.parse checks it, and only the
// entries that mention a name the row converter looks up stay in it: the
// converter reads nothing else there, so its row is the same. Details are
// parsed later from the file's own bytes, whole.
//
// Anything unexpected (no such member, an escape that could spell a name,
// text that is not valid JSON) leaves the span as it was: JSON.parse then
// sees the original and reports what it always did.

export interface LeanSpec {
  /** The span's member to cut down; its value is an array or an object. */
  member: string;
  /** Names the row converter looks up there: entries holding one of them as a string stay. */
  wanted: readonly string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const SPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) SPACE[c] = 1;
/** What may follow a backslash in a JSON string, besides `u`. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
/** Bytes that end the plain run of a string: the quote, a backslash, control characters (not allowed). */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = STRING_STOP[BACKSLASH] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;

const encoder = new TextEncoder();

/** Nesting deeper than this inside the member leaves the span as it was. */
const MAX_DEPTH = 256;

export class LeanWriter {
  private readonly member: Uint8Array;
  /** Wanted names as bytes, by length. */
  private readonly wanted: Uint8Array[][] = [];
  /** The member's entries: start, end and 1 if it stays, three numbers each. */
  private marks = new Int32Array(96);
  private markCount = 0;
  private readonly open = new Uint8Array(MAX_DEPTH + 1);

  constructor(spec: LeanSpec) {
    this.member = encoder.encode(spec.member);
    for (const name of spec.wanted) {
      const bytes = encoder.encode(name);
      (this.wanted[bytes.length] ??= []).push(bytes);
    }
  }

  /**
   * Writes `span` into `out` from `at`, cut down where it can be; returns
   * where the written bytes end. Never longer than `span`.
   */
  write(span: Uint8Array, out: Uint8Array, at: number): number {
    const cut = this.locate(span);
    if (cut === null) {
      out.set(span, at);
      return at + span.length;
    }
    const [from, to] = cut;
    out.set(span.subarray(0, from), at);
    at += from;
    out[at++] = span[from] as number;
    let first = true;
    const marks = this.marks;
    for (let m = 0; m < this.markCount; m += 3) {
      if (marks[m + 2] === 0) continue;
      if (!first) out[at++] = COMMA;
      first = false;
      const start = marks[m] as number;
      const end = marks[m + 1] as number;
      out.set(span.subarray(start, end), at);
      at += end - start;
    }
    out[at++] = span[to - 1] as number;
    out.set(span.subarray(to), at);
    return at + span.length - to;
  }

  /** The member's value as [start, end) when it can be cut down (its entries are then in `marks`), else null. */
  private locate(b: Uint8Array): [number, number] | null {
    const n = b.length;
    let i = skipSpace(b, 0);
    if (b[i] !== OPEN_OBJECT) return null;
    i++;
    for (;;) {
      i = skipSpace(b, i);
      if (b[i] !== QUOTE) return null; // the end of the span, or not JSON: no member to cut
      const keyStart = i + 1;
      let plain = true;
      i = keyStart;
      while (i < n && b[i] !== QUOTE) {
        if (b[i] === BACKSLASH) {
          plain = false;
          i++;
        }
        i++;
      }
      if (i >= n) return null;
      const keyEnd = i;
      i = skipSpace(b, i + 1);
      if (b[i] !== COLON) return null;
      i = skipSpace(b, i + 1);
      if (plain && this.isMember(b, keyStart, keyEnd)) break;
      i = skipValue(b, i);
      if (i < 0) return null;
      i = skipSpace(b, i);
      if (b[i] !== COMMA) return null;
      i++;
    }
    const c = b[i];
    if (c !== OPEN_ARRAY && c !== OPEN_OBJECT) return null;
    const end = this.check(b, i);
    // A \u escape could spell a name: such a member is left whole.
    if (end < 0 || stringFlags & UNICODE) return null;
    let kept = 0;
    for (let m = 2; m < this.markCount; m += 3) kept += this.marks[m] as number;
    return kept * 3 === this.markCount ? null : [i, end];
  }

  private isMember(b: Uint8Array, start: number, end: number): boolean {
    const member = this.member;
    if (end - start !== member.length) return false;
    for (let k = 0; k < member.length; k++) if (b[start + k] !== member[k]) return false;
    return true;
  }

  private mark(start: number, end: number, keep: boolean): void {
    if (this.markCount + 3 > this.marks.length) {
      const bigger = new Int32Array(this.marks.length * 2);
      bigger.set(this.marks);
      this.marks = bigger;
    }
    this.marks[this.markCount++] = start;
    this.marks[this.markCount++] = end;
    this.marks[this.markCount++] = keep ? 1 : 0;
  }

  /**
   * Checks the array or object at `i` as JSON.parse would, noting its
   * entries (an object's entries are its members, key and value); returns
   * the index past it, or -1 where it is not valid JSON.
   */
  private check(b: Uint8Array, i: number): number {
    const n = b.length;
    const open = this.open;
    const wanted = this.wanted;
    this.markCount = 0;
    stringFlags = 0;
    let depth = 0;
    let entryStart = -1;
    let keep = false;
    // What comes next: 0 a value, 1 an object key, 2 what follows a value.
    let next = 0;
    while (i < n) {
      const c = b[i] as number;
      if (SPACE[c]) {
        i++;
        continue;
      }
      if (next === 2) {
        // After a value: a comma or the container's end.
        if (c === COMMA) {
          i++;
          next = open[depth] === CLOSE_OBJECT ? 1 : 0;
          if (depth === 1 && next === 0) {
            entryStart = skipSpace(b, i);
            keep = false;
          }
          continue;
        }
        if (c !== open[depth]) return -1;
        i++;
        if (--depth === 0) return i;
        if (depth === 1) this.mark(entryStart, i, keep);
        continue;
      }
      if (c === QUOTE) {
        if (next === 1 && depth === 1) {
          entryStart = i;
          keep = false;
        }
        const start = i + 1;
        i = checkString(b, i);
        if (i < 0) return -1;
        const list = wanted[i - 1 - start];
        if (list !== undefined && (stringFlags & ESCAPED) === 0 && isOneOf(b, start, list)) keep = true;
        if (next === 1) {
          i = skipSpace(b, i);
          if (b[i] !== COLON) return -1;
          i++;
          next = 0;
          continue;
        }
      } else if (next === 1) return -1;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth === MAX_DEPTH) return -1;
        open[++depth] = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        i = skipSpace(b, i + 1);
        if (b[i] !== open[depth]) {
          next = c === OPEN_OBJECT ? 1 : 0;
          if (depth === 1 && next === 0) {
            entryStart = i;
            keep = false;
          }
          continue;
        }
        // An empty object or array: a whole value.
        i++;
        if (--depth === 0) return i;
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        i = number(b, i);
        if (i < 0) return -1;
      } else {
        i = literal(b, i);
        if (i < 0) return -1;
      }
      next = 2;
      if (depth === 1) this.mark(entryStart, i, keep);
    }
    return -1;
  }
}

const ESCAPED = 1;
const UNICODE = 2;
/** What the strings checked so far held: ESCAPED is the last one's, UNICODE any one's since `check` began. */
let stringFlags = 0;

/** Checks the string at `i` (its opening quote); returns the index past it, or -1. */
function checkString(b: Uint8Array, i: number): number {
  const n = b.length;
  i++;
  stringFlags &= ~ESCAPED;
  for (;;) {
    while (i < n && !STRING_STOP[b[i] as number]) i++;
    if (i >= n) return -1;
    const c = b[i] as number;
    if (c === QUOTE) return i + 1;
    if (c !== BACKSLASH) return -1; // a control character
    stringFlags |= ESCAPED;
    const e = b[i + 1] ?? 0;
    if (e === 0x75) {
      if (i + 5 >= n || !HEX[b[i + 2] as number] || !HEX[b[i + 3] as number] || !HEX[b[i + 4] as number] || !HEX[b[i + 5] as number]) return -1;
      stringFlags |= UNICODE;
      i += 6;
    } else if (SIMPLE_ESCAPE[e]) i += 2;
    else return -1;
  }
}

/** Whether b[start…] spells one of `names` (all of the same length). Escaped strings never do: names hold nothing that needs escaping. */
function isOneOf(b: Uint8Array, start: number, names: readonly Uint8Array[]): boolean {
  for (const name of names) {
    let k = 0;
    while (k < name.length && b[start + k] === name[k]) k++;
    if (k === name.length) return true;
  }
  return false;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && SPACE[b[i] as number]) i++;
  return i;
}

/** A number as JSON writes it; returns the index past it, or -1. */
function number(b: Uint8Array, i: number): number {
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === DOT) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === PLUS || b[i] === MINUS) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

const LITERALS = ['true', 'false', 'null'].map((word) => encoder.encode(word));

function literal(b: Uint8Array, i: number): number {
  for (const word of LITERALS) {
    if (b[i] !== word[0]) continue;
    for (let k = 1; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
    return i + word.length;
  }
  return -1;
}

/**
 * Skips a value without checking it (JSON.parse checks it later): strings
 * and brackets are followed, nothing else. Returns the index past it, or -1.
 */
function skipValue(b: Uint8Array, i: number): number {
  const n = b.length;
  let depth = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c === QUOTE) {
      i++;
      while (i < n && b[i] !== QUOTE) i += b[i] === BACKSLASH ? 2 : 1;
      i++;
      if (depth === 0) return i <= n ? i : -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) return i; // the end of a scalar
      i++;
      if (--depth === 0) return i;
    } else if (depth === 0 && (c === COMMA || SPACE[c])) return i;
    else i++;
  }
  return depth === 0 ? i : -1;
}
