// Span ids as numbers. Almost every span id is 16 hex digits (64 bits): the
// importers parse it into two 32-bit halves as they append the row (in both
// workers at once), and the tree builder finds parents in a hash table of
// typed arrays instead of a Map of strings, which at a million spans is most
// of what linking parents costs. Ids of any other form keep the string path.

/**
 * The halves of the last id `parseHex64` accepted: [high, low]. An Int32Array,
 * not an object: half of all halves are beyond V8's small integers, and an
 * object field that holds both kinds changes shape, which throws away the
 * optimized code of everything that touched it.
 */
export const hex64 = new Int32Array(2);

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Whether `id` is 16 lower-case hex digits; its halves are then in `hex64`. */
export function parseHex64(id: string): boolean {
  if (id.length !== 16) return false;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    const a = hexDigit(id.charCodeAt(i));
    const b = hexDigit(id.charCodeAt(i + 8));
    if (a < 0 || b < 0) return false;
    high = (high << 4) | a;
    low = (low << 4) | b;
  }
  hex64[0] = high;
  hex64[1] = low;
  return true;
}

/** Open addressing over two Int32Arrays of halves: id → index. */
export class IdIndex {
  private readonly high: Int32Array;
  private readonly low: Int32Array;
  /** Index + 1 per slot; 0: empty. */
  private readonly at: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  /** Room for `count` ids (the table is at most half full). */
  constructor(count: number) {
    let bits = 4;
    while (1 << bits < count * 2) bits++;
    this.high = new Int32Array(1 << bits);
    this.low = new Int32Array(1 << bits);
    this.at = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  private slot(high: number, low: number): number {
    return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }

  /** Adds an id; false when it is there already (the index is not changed). */
  add(high: number, low: number, index: number): boolean {
    let s = this.slot(high, low);
    for (;;) {
      const taken = this.at[s] as number;
      if (taken === 0) {
        this.high[s] = high;
        this.low[s] = low;
        this.at[s] = index + 1;
        return true;
      }
      if (this.high[s] === high && this.low[s] === low) return false;
      s = (s + 1) & this.mask;
    }
  }

  /** The index of an id, or -1. */
  get(high: number, low: number): number {
    let s = this.slot(high, low);
    for (;;) {
      const taken = this.at[s] as number;
      if (taken === 0) return -1;
      if (this.high[s] === high && this.low[s] === low) return taken - 1;
      s = (s + 1) & this.mask;
    }
  }
}
