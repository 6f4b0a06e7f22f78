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

/**
 * Of `rows`, those that match or hold a match below them: a filter that shows
 * the matches with their ancestors. Children follow parents, so one backward
 * pass marks every ancestor of a match.
 */
export function rowsWithMatches(rows: Int32Array, parent: Int32Array, matches: Uint8Array): Int32Array {
  const keep = matches.slice();
  for (let i = keep.length - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (keep[i] && p !== -1) keep[p] = 1;
  }
  const out = new Int32Array(rows.length);
  let n = 0;
  for (let r = 0; r < rows.length; r++) {
    const span = rows[r] as number;
    if (keep[span]) out[n++] = span;
  }
  return out.subarray(0, n);
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
