import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  filterMask,
  foldGroups,
  foldSummary,
  hiddenBelow,
  foldHiding,
  foldRows,
  keepRows,
  rowIndexOf,
  rowsInSubtree,
  spansWithChildren,
  visibleRows,
} from './rows';

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
        for (let i = 0; i < subtreeEnd.length;) {
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
    const { nextInMask } = await import('./rows');
    const rowsWithMatches = (rows: Int32Array, parent: Int32Array, matches: Uint8Array) =>
      keepRows(
        rows,
        filterMask(
          { parent, durationUs: new Float64Array(parent.length) },
          { matches, minUs: 0, always: null },
        ) as Uint8Array,
      );
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

describe('focus, filters and folds', () => {
  // 0 ─┬─ 1 (db SELECT, 5 µs) ── 2
  //    ├─ 3 (db SELECT, 7 µs)
  //    ├─ 4 (cache GET, 1 µs)
  //    └─ 5 (db SELECT, 9 µs) ── 6
  const tree = {
    subtreeEnd: Int32Array.from([7, 3, 3, 4, 5, 7, 7]),
    parent: Int32Array.from([-1, 0, 1, 0, 0, 0, 5]),
    durationUs: Float64Array.from([20, 5, 2, 7, 1, 9, 3]),
    serviceIndex: Int32Array.from([0, 1, 1, 1, 2, 1, 1]),
    nameIndex: Int32Array.from([0, 1, 2, 1, 3, 1, 2]),
  };
  const all = visibleRows(tree.subtreeEnd, new Set());

  it('focus keeps one subtree', () => {
    expect([...rowsInSubtree(all, tree.subtreeEnd, 5)]).toEqual([5, 6]);
    expect([...rowsInSubtree(visibleRows(tree.subtreeEnd, new Set([1])), tree.subtreeEnd, 1)]).toEqual([1]);
  });
  it('hides spans shorter than the threshold, keeping the ancestors of the long ones and the selected span', () => {
    const keep = filterMask(tree, { matches: null, minUs: 6, always: null });
    expect([...keepRows(all, keep as Uint8Array)]).toEqual([0, 3, 5]);
    const withSelected = filterMask(tree, { matches: null, minUs: 6, always: 2 });
    expect([...keepRows(all, withSelected as Uint8Array)]).toEqual([0, 1, 2, 3, 5]);
    expect(filterMask(tree, { matches: null, minUs: 0, always: 2 })).toBeNull();
  });
  it('combines only-matches with the duration filter: both must hold', () => {
    const matches = Uint8Array.from([0, 1, 0, 0, 1, 0, 1]);
    expect([...keepRows(all, filterMask(tree, { matches, minUs: 2, always: null }) as Uint8Array)]).toEqual([
      0, 1, 5, 6,
    ]);
  });
  it('folds siblings of the same service and operation into their first', () => {
    const folds = foldGroups(tree);
    expect([...folds.groups.keys()]).toEqual([1]);
    expect([...(folds.groups.get(1) as Int32Array)]).toEqual([1, 3, 5]);
    expect([...foldRows(all, tree.subtreeEnd, folds, new Set())]).toEqual([0, 1, 4]);
    expect([...foldRows(all, tree.subtreeEnd, folds, new Set([1]))]).toEqual([...all]);
    expect(foldHiding(tree.parent, folds, new Set(), 6)).toBe(1);
    expect(foldHiding(tree.parent, folds, new Set(), 1)).toBe(-1);
    expect(foldHiding(tree.parent, folds, new Set(), 2)).toBe(1);
    expect(foldHiding(tree.parent, folds, new Set([1]), 6)).toBe(-1);
    expect(foldGroups(tree, 4).groups.size).toBe(0);
  });
  it('folds repeated roots too', () => {
    const roots = {
      subtreeEnd: Int32Array.from([1, 2, 3]),
      serviceIndex: Int32Array.from([0, 0, 0]),
      nameIndex: Int32Array.from([0, 0, 0]),
    };
    expect([...(foldGroups(roots).groups.get(0) as Int32Array)]).toEqual([0, 1, 2]);
  });
});

describe('fold summary', () => {
  it('counts, totals and takes min, median and max of the members', () => {
    const durations = Float64Array.from([9, 4, 1, 7]);
    expect(foldSummary(Int32Array.from([0, 1, 2, 3]), durations)).toEqual({
      count: 4,
      totalUs: 21,
      minUs: 1,
      medianUs: 5.5,
      maxUs: 9,
    });
    expect(foldSummary(Int32Array.from([0, 2, 3]), durations).medianUs).toBe(7);
  });
});

describe('hidden context', () => {
  it('counts the descendants a filter hides below each span', () => {
    // 0 ─┬─ 1 ── 2
    //    └─ 3 ── 4 ── 5
    const keep = Uint8Array.from([1, 0, 0, 1, 0, 1]);
    const hidden = hiddenBelow(subtreeEnd, keep);
    expect([0, 1, 2, 3, 4, 5].map(hidden)).toEqual([3, 1, 0, 1, 0, 0]);
  });
});
