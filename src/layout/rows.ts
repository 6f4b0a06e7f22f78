const identities = new WeakMap<Int32Array, Int32Array>();

/** 0, 1, 2, … n−1, made once per trace. */
function identity(subtreeEnd: Int32Array): Int32Array {
  let all = identities.get(subtreeEnd);
  if (!all) {
    all = new Int32Array(subtreeEnd.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    identities.set(subtreeEnd, all);
  }
  return all;
}

/**
 * The spans that are visible as rows: depth-first order, skipping the subtree
 * of every collapsed span. A collapsed span's subtree is [i + 1, subtreeEnd[i]),
 * so the visible rows are runs of consecutive spans between hidden subtrees,
 * copied as blocks: O(collapsed log collapsed) plus one memcpy, however many
 * spans there are.
 */
export function visibleRows(subtreeEnd: Int32Array, collapsed: ReadonlySet<number>): Int32Array {
  const all = identity(subtreeEnd);
  if (collapsed.size === 0) return all;
  const count = subtreeEnd.length;
  const rows = new Int32Array(count);
  let n = 0;
  let next = 0; // first span not yet copied or skipped
  for (const c of [...collapsed].sort((a, b) => a - b)) {
    if (c < next || c >= count) continue; // inside a subtree hidden already
    const end = subtreeEnd[c] as number;
    rows.set(all.subarray(next, c + 1), n);
    n += c + 1 - next;
    next = end;
  }
  rows.set(all.subarray(next, count), n);
  n += count - next;
  return rows.subarray(0, n);
}

/** Every span that has children: what "collapse all" collapses. */
export function spansWithChildren(subtreeEnd: Int32Array): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < subtreeEnd.length; i++) if ((subtreeEnd[i] as number) > i + 1) out.add(i);
  return out;
}

/** Ancestors of a span, nearest first: expanding them reveals the span. */
export function ancestorsOf(parent: Int32Array, index: number): number[] {
  const out: number[] = [];
  for (let p = parent[index] ?? -1; p !== -1; p = parent[p] ?? -1) out.push(p);
  return out;
}

/** The row showing `span`, or -1 when it is hidden: rows are increasing, so binary search. */
export function rowIndexOf(rows: Int32Array, span: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = rows[mid] as number;
    if (value === span) return mid;
    if (value < span) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The next (or previous) span of `mask` after `from` in depth-first order, wrapping around; -1 when there is none. */
export function nextInMask(mask: Uint8Array, from: number, step: 1 | -1): number {
  const n = mask.length;
  for (let k = 1; k <= n; k++) {
    const i = (((from + step * k) % n) + n) % n;
    if (mask[i]) return i;
  }
  return -1;
}

/** The rows inside `focus`'s subtree (the span and its descendants): rows are increasing, so one slice. */
export function rowsInSubtree(rows: Int32Array, subtreeEnd: Int32Array, focus: number): Int32Array {
  return rows.subarray(lowerBound(rows, focus), lowerBound(rows, subtreeEnd[focus] as number));
}

function lowerBound(rows: Int32Array, span: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as number) < span) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Spans shown by the row filters, each with its ancestors (so every shown span
 * keeps its place in the tree): those the query matched, when only matches are
 * shown, that last at least `minUs`; `always` (the selected span) is kept
 * whatever the filters say. Null when no filter is on.
 */
export function filterMask(
  columns: { parent: Int32Array; durationUs: Float64Array },
  filters: { matches: Uint8Array | null; minUs: number; always: number | null },
): Uint8Array | null {
  const { matches, minUs, always } = filters;
  if (!matches && minUs <= 0) return null;
  const n = columns.parent.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    keep[i] = (!matches || matches[i] === 1) && (columns.durationUs[i] as number) >= minUs ? 1 : 0;
  if (always !== null && always >= 0 && always < n) keep[always] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const p = columns.parent[i] as number;
    if (keep[i] && p !== -1) keep[p] = 1;
  }
  return keep;
}

/** The rows whose span is marked in `keep`. */
export function keepRows(rows: Int32Array, keep: Uint8Array): Int32Array {
  const out = new Int32Array(rows.length);
  let n = 0;
  for (let r = 0; r < rows.length; r++) {
    const span = rows[r] as number;
    if (keep[span]) out[n++] = span;
  }
  return out.subarray(0, n);
}

/** Sibling groups folded into one row: the first of each group stands for it. */
export interface Folds {
  /** Each folded group by its first span: every member (the first included), in tree order. */
  groups: Map<number, Int32Array>;
  /** For each span in a group, the group's first span; -1 for the others. */
  groupOf: Int32Array;
}

/**
 * Repeated siblings: children of one parent with the same service and
 * operation (an N+1 query loop, a retry storm) form a group when there are at
 * least `minCount` of them. One pass over the children lists, O(n).
 */
export function foldGroups(
  columns: { subtreeEnd: Int32Array; serviceIndex: Int32Array; nameIndex: Int32Array },
  minCount = 2,
): Folds {
  const { subtreeEnd, serviceIndex, nameIndex } = columns;
  const n = subtreeEnd.length;
  const groups = new Map<number, Int32Array>();
  const groupOf = new Int32Array(n).fill(-1);
  const byKey = new Map<number, number[]>();
  // The roots are siblings too (a trace with several roots), then each parent's children.
  const roots: number[] = [];
  for (let r = 0; r < n; r = subtreeEnd[r] as number) roots.push(r);
  groupList(roots);
  function groupList(list: number[]): void {
    byKey.clear();
    for (const c of list) {
      const key = (serviceIndex[c] as number) * 0x4000000 + (nameIndex[c] as number);
      const same = byKey.get(key);
      if (same) same.push(c);
      else byKey.set(key, [c]);
    }
    for (const same of byKey.values()) {
      if (same.length < minCount) continue;
      const first = same[0] as number;
      groups.set(first, Int32Array.from(same));
      for (const m of same) groupOf[m] = first;
    }
  }
  const children: number[] = [];
  for (let p = 0; p < n; p++) {
    const end = subtreeEnd[p] as number;
    if (end <= p + 2) continue; // fewer than two children
    children.length = 0;
    for (let c = p + 1; c < end; c = subtreeEnd[c] as number) children.push(c);
    if (children.length >= minCount) groupList(children);
  }
  return { groups, groupOf };
}

/**
 * Rows with folded groups: a group's first span stays (standing for all), the
 * other members and every member's subtree go. `open` holds the groups the
 * person unfolded again.
 */
export function foldRows(
  rows: Int32Array,
  subtreeEnd: Int32Array,
  folds: Folds,
  open: ReadonlySet<number>,
): Int32Array {
  if (folds.groups.size === 0) return rows;
  const hideFrom = new Uint8Array(subtreeEnd.length);
  for (const [first, members] of folds.groups) {
    if (open.has(first)) continue;
    for (const m of members) hideFrom[m] = m === first ? 2 : 1;
  }
  const out = new Int32Array(rows.length);
  let n = 0;
  let skipUntil = -1;
  for (let r = 0; r < rows.length; r++) {
    const span = rows[r] as number;
    if (span < skipUntil) continue;
    const mark = hideFrom[span];
    if (mark === 1) {
      skipUntil = subtreeEnd[span] as number;
      continue;
    }
    out[n++] = span;
    if (mark === 2) skipUntil = subtreeEnd[span] as number;
  }
  return out.subarray(0, n);
}

/** The folded group (its first span) that hides `span` or an ancestor of it, or -1 when nothing folded hides it. */
export function foldHiding(parent: Int32Array, folds: Folds, open: ReadonlySet<number>, span: number): number {
  let hiding = -1;
  for (let s = span; s !== -1; s = parent[s] as number) {
    const first = folds.groupOf[s] as number;
    // A member other than the first is hidden itself; below the first, its subtree is.
    if (first !== -1 && !open.has(first) && (s !== first || s !== span)) hiding = first;
  }
  return hiding;
}

export interface FoldSummary {
  count: number;
  totalUs: number;
  minUs: number;
  medianUs: number;
  maxUs: number;
}

/** Count, total and min/median/max duration of a folded group's members. */
export function foldSummary(members: Int32Array, durationUs: Float64Array): FoldSummary {
  const durations = Float64Array.from(members, (m) => durationUs[m] as number).sort();
  const n = durations.length;
  let totalUs = 0;
  for (const d of durations) totalUs += d;
  const mid = n >> 1;
  const medianUs =
    n === 0
      ? 0
      : n % 2
        ? (durations[mid] as number)
        : ((durations[mid - 1] as number) + (durations[mid] as number)) / 2;
  return { count: n, totalUs, minUs: durations[0] ?? 0, medianUs, maxUs: durations[n - 1] ?? 0 };
}

/**
 * For each span, how many of its descendants a filter hides: its subtree is
 * the run [i + 1, subtreeEnd[i]) in depth-first order, so one prefix sum of
 * the kept marks answers every span. Shown rows carry it as "+N hidden".
 */
export function hiddenBelow(subtreeEnd: Int32Array, keep: Uint8Array): (span: number) => number {
  const prefix = new Int32Array(keep.length + 1);
  for (let i = 0; i < keep.length; i++) prefix[i + 1] = (prefix[i] as number) + (keep[i] as number);
  return (span) => {
    const end = subtreeEnd[span] as number;
    return end - span - 1 - ((prefix[end] as number) - (prefix[span + 1] as number));
  };
}
