import { describe, expect, it } from 'vitest';
import { computeSelfTime } from './self-time';

// Depth-first columns: span 0 with children 1, 2, 3; span 1 has child 4.
//   0 |==================================|  0..100
//   1    |==========|                        10..40   (child 4: 15..20)
//   2          |==========|                  25..55   overlaps 1
//   3                            |=========… 90..130  spills past the parent
describe('computeSelfTime', () => {
  it('subtracts the union of direct children, clipped to the span', () => {
    const startUs = Float64Array.from([0, 10, 15, 25, 90]);
    const durationUs = Float64Array.from([100, 30, 5, 30, 40]);
    // order: 0, 1, 4(at index 2), 2(at 3), 3(at 4)
    const subtreeEnd = Int32Array.from([5, 3, 3, 4, 5]);
    const self = computeSelfTime(startUs, durationUs, subtreeEnd);
    expect([...self]).toEqual([100 - 45 - 10, 25, 5, 30, 40]);
  });

  it('a leaf keeps its whole duration; zero-length children cover nothing', () => {
    const self = computeSelfTime(Float64Array.from([0, 5]), Float64Array.from([10, 0]), Int32Array.from([2, 2]));
    expect([...self]).toEqual([10, 0]);
  });
});
