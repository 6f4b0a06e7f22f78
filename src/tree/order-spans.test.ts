import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderSpans } from './order-spans';

/** The order as its contract states it: each list sorted by the comparator, one list at a time. */
function expectedOrder(
  parents: Int32Array,
  startUs: number[],
  durationUs: number[],
  names: string[],
  keys: string[],
): number[] {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byStart = (a: number, b: number) =>
    (startUs[a] as number) - (startUs[b] as number) ||
    (durationUs[b] as number) - (durationUs[a] as number) ||
    text(names[a] as string, names[b] as string) ||
    text(keys[a] as string, keys[b] as string) ||
    a - b;
  const children = Array.from(parents, () => [] as number[]);
  const roots: number[] = [];
  parents.forEach((p, i) => (p === -1 ? roots : (children[p] as number[])).push(i));
  const out: number[] = [];
  const stack = roots.sort(byStart).reverse();
  while (stack.length) {
    const node = stack.pop() as number;
    out.push(node);
    for (const child of (children[node] as number[]).sort(byStart).reverse()) stack.push(child);
  }
  return out;
}

describe('orderSpans', () => {
  it('orders every list by start, then longer first, then name, then id, like a comparator sort of each list', () => {
    const span = fc.record({
      parent: fc.nat(),
      // Few distinct values, so that ties in start (and in duration, name, key) are common.
      start: fc.oneof(fc.constantFrom(0, 1, 1.5, 1e9, 1e9 + 0.001), fc.double({ min: -1e12, max: 1e15, noNaN: true })),
      duration: fc.constantFrom(0, 1, 5),
      name: fc.constantFrom('a', 'b', 'c'),
      key: fc.constantFrom('k1', 'k2', 'k3'),
    });
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 60 }), (spans) => {
        // Parents point at earlier spans (or none), so the input is a forest.
        const parents = Int32Array.from(spans, (s, i) => (i === 0 || s.parent % 4 === 0 ? -1 : s.parent % i));
        const startUs = spans.map((s) => s.start);
        const durationUs = spans.map((s) => s.duration);
        const names = spans.map((s) => s.name);
        const keys = spans.map((s) => s.key);
        const { order } = orderSpans(parents, { startUs, durationUs, names, keys });
        expect([...order]).toEqual(expectedOrder(parents, startUs, durationUs, names, keys));
      }),
      { numRuns: 3000 },
    );
  });
});
