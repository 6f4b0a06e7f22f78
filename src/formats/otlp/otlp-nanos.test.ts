import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nanosSplit } from './otlp';

describe('nanosSplit', () => {
  it('splits any epoch-ns digit string into exact µs and ns parts', () => {
    fc.assert(
      // Up to 19 digits takes the fast way; µs parts beyond 2^53 (and 20 digits) the BigInt way.
      fc.property(fc.bigInt({ min: 1000n, max: 99_999_999_999_999_999_999n }), (ns) => {
        expect(nanosSplit(ns.toString())).toEqual([Number(ns / 1000n), Number(ns % 1000n)]);
      }),
    );
  });

  it('leaves what is not plain digits to the careful parser', () => {
    expect(nanosSplit('1700000000000000000')).toEqual([1700000000000000, 0]);
    expect(nanosSplit('-1000')).toEqual(nanosSplit(-1000));
    expect(nanosSplit('12a4')).toBeNull();
    expect(nanosSplit(1_700_000_000_000_000_000)).toEqual([1_700_000_000_000_000, 0]);
  });
});
