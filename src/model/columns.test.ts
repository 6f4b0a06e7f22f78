import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packSpanKeys, spanKeyAt, spanKeyIndex } from './columns';

describe('span keys as one string', () => {
  it('gives each key back and finds it only at a key boundary', () => {
    const keys = packSpanKeys(['ab', 'cd', 'abcd', 'b', 'cd-1']);
    expect([0, 1, 2, 3, 4].map((i) => spanKeyAt(keys, i))).toEqual(['ab', 'cd', 'abcd', 'b', 'cd-1']);
    expect(spanKeyIndex(keys, 'bc')).toBe(-1); // spans two keys
    expect(spanKeyIndex(keys, 'abcd')).toBe(2); // not keys 0 and 1 together
    expect(spanKeyIndex(keys, 'cd')).toBe(1);
    expect(spanKeyIndex(keys, 'b')).toBe(3);
    expect(spanKeyIndex(keys, 'cd-1')).toBe(4);
    expect(spanKeyIndex(keys, '')).toBe(-1);
    expect(spanKeyIndex(packSpanKeys([]), 'x')).toBe(-1);
  });

  it('agrees with indexOf on a plain array for any unique keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', '-') }), {
          maxLength: 30,
        }),
        fc.string({ maxLength: 5, unit: fc.constantFrom('a', 'b', '-') }),
        (list, probe) => {
          const keys = packSpanKeys(list);
          list.forEach((key, i) => expect(spanKeyIndex(keys, key)).toBe(i));
          expect(spanKeyIndex(keys, probe)).toBe(probe === '' ? -1 : list.indexOf(probe));
        },
      ),
    );
  });
});
