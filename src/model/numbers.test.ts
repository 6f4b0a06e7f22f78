import { describe, expect, it } from 'vitest';
import { thousands } from './numbers';

describe('thousands', () => {
  it('groups digits by three, as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12345, 100000, 1234567, 1000000000])
      expect(thousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
