import { describe, expect, it } from 'vitest';
import { minimapDensity } from './minimap';

describe('minimapDensity', () => {
  it('counts the spans covering each pixel of each row', () => {
    // Two rows of two spans each over a 0..10 µs domain drawn 10 px wide.
    const start = Float64Array.from([0, 2, 5, 9]);
    const duration = Float64Array.from([4, 5, 0, 100]);
    const d = minimapDensity(start, duration, [0, 10], 10, 2);
    expect([...d.slice(0, 10)]).toEqual([1, 1, 2, 2, 2, 1, 1, 1, 0, 0]);
    expect([...d.slice(10, 20)]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('handles a million spans in one pass', () => {
    const n = 1_000_000;
    const start = new Float64Array(n).map((_, i) => i);
    const duration = new Float64Array(n).fill(n);
    const d = minimapDensity(start, duration, [0, 2 * n], 800, 60);
    expect(d.length).toBe(800 * 60);
    expect(d[59 * 800 + 790]).toBeGreaterThan(0); // the last spans end near the right edge
    expect(d[799]).toBe(0); // the first spans end mid-way
  });
});
