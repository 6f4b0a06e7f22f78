import { describe, expect, it } from 'vitest';
import { hex64, IdIndex, parseHex64 } from './id-index';

describe('span ids as numbers', () => {
  it('reads 16 lower-case hex digits into two 32-bit halves', () => {
    expect(parseHex64('ffffffff00000001')).toBe(true);
    expect([...hex64]).toEqual([-1, 1]);
    expect(parseHex64('0123456789abcdef')).toBe(true);
    expect([(hex64[0] as number) >>> 0, (hex64[1] as number) >>> 0]).toEqual([0x01234567, 0x89abcdef]);
  });

  it('leaves every other form to the text path', () => {
    for (const id of ['', 'abc', '0123456789ABCDEF', '0123456789abcdeg', '0123456789abcdef0', 'f00d#2-00000000'])
      expect(parseHex64(id)).toBe(false);
  });

  it('finds each of many ids, tells repeats, and misses what is not there', () => {
    const index = new IdIndex(50_000);
    for (let i = 0; i < 50_000; i++) expect(index.add(i * 7919, i ^ 0x5bd1e995, i)).toBe(true);
    expect(index.add(7919, 1 ^ 0x5bd1e995, 99)).toBe(false);
    for (let i = 0; i < 50_000; i += 997) expect(index.get(i * 7919, i ^ 0x5bd1e995)).toBe(i);
    expect(index.get(7919, 1 ^ 0x5bd1e995)).toBe(1);
    expect(index.get(3, 3)).toBe(-1);
  });
});
