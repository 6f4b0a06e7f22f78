import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCriticalPath, type PathColumns } from './critical-path';

/**
 * A trace from depth-first [depth, start, duration] triples, as the builder
 * would order them (children after their parent, by start).
 */
function trace(spans: ReadonlyArray<[number, number, number]>): PathColumns {
  const n = spans.length;
  const parent = new Int32Array(n).fill(-1);
  const subtreeEnd = new Int32Array(n);
  const stack: number[] = [];
  spans.forEach(([depth], i) => {
    while (stack.length > depth) stack.pop();
    parent[i] = stack.length ? (stack[stack.length - 1] as number) : -1;
    stack.push(i);
  });
  for (let i = n - 1; i >= 0; i--) {
    subtreeEnd[i] = Math.max(subtreeEnd[i] as number, i + 1);
    const p = parent[i] as number;
    if (p !== -1) subtreeEnd[p] = Math.max(subtreeEnd[p] as number, subtreeEnd[i] as number);
  }
  return {
    startUs: Float64Array.from(spans, (s) => s[1]),
    durationUs: Float64Array.from(spans, (s) => s[2]),
    subtreeEnd,
    parent,
  };
}

const path = (columns: PathColumns) => {
  const result = computeCriticalPath(columns);
  return Array.from(result.spans, (span, k) => [span, result.pathUs[k]]);
};

describe('critical path', () => {
  it('goes into the child that finished last before each point, as in the file comment', () => {
    //   root   |=====================================|  0–15
    //   A        |==========|                             2–5
    //   B                    |=============|              5–9
    //   C                       |======|                  6–8
    //   D                           |====|                7–8.5 (hidden behind C's end? no: ends after C)
    //   E                                      |==|       11–13
    //   F (async)                  |==============…        7–20, ends after root
    const columns = trace([
      [0, 0, 15],
      [1, 2, 3], // A
      [1, 5, 4], // B
      [2, 6, 2], // C
      [2, 7, 1.5], // D
      [1, 7, 13], // F: async, ends after root
      [1, 11, 2], // E
    ]);
    // root: 0–2, 5..? A covers 2–5, B 5–9, then root 9–11, E 11–13, root 13–15.
    // In B (5–9): D ends at 8.5, last before 9 → B 8.5–9, D 7–8.5, then B from 7 back: C ends at 8 > 7, skipped → B
    // 5–7.
    expect(path(columns)).toEqual([
      [0, 2 + 2 + 2], // root: 0–2, 9–11, 13–15
      [1, 3], // A
      [2, 2 + 0.5], // B: 5–7 and 8.5–9
      [4, 1.5], // D
      [6, 2], // E
    ]);
  });

  it('a fire-and-forget child that ends after its parent is not on the path', () => {
    //   producer |==|            0–2
    //   consumer     |========|  3–11 (async: ends after the producer)
    const columns = trace([
      [0, 0, 2],
      [1, 3, 8],
    ]);
    expect(path(columns)).toEqual([[0, 2]]);
  });

  it('a child that starts before its parent counts from the parent start', () => {
    //   parent     |======|    10–20
    //   child   |=======|      5–18 (skewed)
    const columns = trace([
      [0, 10, 10],
      [1, 5, 13],
    ]);
    expect(path(columns)).toEqual([
      [0, 2],
      [1, 8],
    ]);
  });

  it('with several roots, follows the one that ends last', () => {
    const columns = trace([
      [0, 0, 5],
      [0, 1, 10],
      [1, 2, 3],
    ]);
    expect(path(columns)).toEqual([
      [1, 7],
      [2, 3],
    ]);
  });

  it('runs 100,000 levels deep without recursion', () => {
    const n = 100_000;
    const columns = trace(Array.from({ length: n }, (_, i) => [i, i, 2 * (n - i)] as [number, number, number]));
    const result = computeCriticalPath(columns);
    expect(result.spans.length).toBe(n);
    expect(result.pathUs.reduce((a, b) => a + b, 0)).toBe(2 * n);
  });

  const randomTrace = fc
    .array(fc.record({ up: fc.nat(3), start: fc.nat(100), duration: fc.nat(100) }), { minLength: 1, maxLength: 40 })
    .map((list) => {
      let depth = 0;
      return trace(
        list.map(({ up, start, duration }, i) => {
          depth = i === 0 ? 0 : Math.max(0, Math.min(depth + 1, depth + 1 - up));
          return [depth, start, duration] as [number, number, number];
        }),
      );
    });

  it('the contributions add up to the root duration, each between 0 and its span duration, and the path is a chain from the root', () => {
    fc.assert(
      fc.property(randomTrace, (columns) => {
        const result = computeCriticalPath(columns);
        let root = -1;
        const end = (i: number) => (columns.startUs[i] as number) + (columns.durationUs[i] as number);
        for (let i = 0; i < columns.parent.length; i++)
          if (columns.parent[i] === -1 && (root === -1 || end(i) > end(root))) root = i;
        const total = result.pathUs.reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(columns.durationUs[root] as number, 6);
        result.spans.forEach((span, k) => {
          expect(result.pathUs[k]).toBeGreaterThanOrEqual(0);
          expect(result.pathUs[k]).toBeLessThanOrEqual((columns.durationUs[span] as number) + 1e-9);
          // Every span on the path but the root has its parent on the path, and ended within it.
          if (span !== root) {
            const p = columns.parent[span] as number;
            expect(result.onPath[p]).toBe(1);
            expect(end(span)).toBeLessThanOrEqual(end(p));
          }
        });
      }),
    );
  });
});
