import { describe, expect, it } from 'vitest';
import { ancestorsOf, rowIndexOf, spansWithChildren, visibleRows } from './rows';

// 0 ─┬─ 1 ── 2
//    └─ 3 ── 4 ── 5
const subtreeEnd = Int32Array.from([6, 3, 3, 6, 6, 6]);
const parent = Int32Array.from([-1, 0, 1, 0, 3, 4]);

describe('visible rows', () => {
  it('shows every span when nothing is collapsed', () => {
    expect([...visibleRows(subtreeEnd, new Set())]).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it('skips the subtree of a collapsed span but keeps the span', () => {
    expect([...visibleRows(subtreeEnd, new Set([3]))]).toEqual([0, 1, 2, 3]);
    expect([...visibleRows(subtreeEnd, new Set([1, 4]))]).toEqual([0, 1, 3, 4]);
  });
  it('collapse all leaves only the roots', () => {
    expect([...visibleRows(subtreeEnd, spansWithChildren(subtreeEnd))]).toEqual([0]);
  });
  it('finds the row of a visible span, and -1 for a hidden one', () => {
    const rows = visibleRows(subtreeEnd, new Set([1]));
    expect([0, 1, 2, 3, 4, 5].map((span) => rowIndexOf(rows, span))).toEqual([0, 1, -1, 2, 3, 4]);
  });
  it('lists ancestors nearest first', () => {
    expect(ancestorsOf(parent, 5)).toEqual([4, 3, 0]);
  });
});

describe('visible rows on random trees (property)', () => {
  it('equals the span-by-span walk for any collapsed set', async () => {
    const fc = (await import('fast-check')).default;
    const { messySpans } = await import('../../test/helpers/messy-spans');
    const { buildColumns } = await import('../tree/build-columns');
    const { allRows, tableFromWire } = await import('../tree/build-trace');
    fc.assert(
      fc.property(messySpans, fc.array(fc.nat(60)), (spans, picks) => {
        const table = tableFromWire(spans);
        const { subtreeEnd } = buildColumns(table, allRows(table));
        const collapsed = new Set(picks.filter((p) => p < subtreeEnd.length));
        const naive: number[] = [];
        for (let i = 0; i < subtreeEnd.length; ) {
          naive.push(i);
          i = collapsed.has(i) ? (subtreeEnd[i] as number) : i + 1;
        }
        expect([...visibleRows(subtreeEnd, collapsed)]).toEqual(naive);
      }),
    );
  });
});

describe('rows with matches and stepping through them', () => {
  it('keeps matches and their ancestors, in order', async () => {
    const { rowsWithMatches, nextInMask } = await import('./rows');
    // 0 ─ 1 ─ 2
    //   └ 3
    // 4 ─ 5
    const parent = Int32Array.of(-1, 0, 1, 0, -1, 4);
    const rows = Int32Array.of(0, 1, 2, 3, 4, 5);
    expect([...rowsWithMatches(rows, parent, Uint8Array.of(0, 0, 1, 0, 0, 1))]).toEqual([0, 1, 2, 4, 5]);
    expect([...rowsWithMatches(rows, parent, Uint8Array.of(0, 0, 0, 1, 0, 0))]).toEqual([0, 3]);
    const mask = Uint8Array.of(0, 1, 0, 0, 1, 0);
    expect(nextInMask(mask, 1, 1)).toBe(4);
    expect(nextInMask(mask, 4, 1)).toBe(1);
    expect(nextInMask(mask, 1, -1)).toBe(4);
    expect(nextInMask(mask, -1, 1)).toBe(1);
    expect(nextInMask(new Uint8Array(3), 0, 1)).toBe(-1);
  });
});
