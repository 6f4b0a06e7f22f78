/**
 * The spans that are visible as rows: depth-first order, skipping the subtree
 * of every collapsed span. A collapsed span's subtree is [i + 1, subtreeEnd[i]),
 * so hidden spans are jumped over, not visited: O(visible rows).
 */
export function visibleRows(subtreeEnd: Int32Array, collapsed: ReadonlySet<number>): Int32Array {
  const count = subtreeEnd.length;
  if (collapsed.size === 0) {
    const all = new Int32Array(count);
    for (let i = 0; i < count; i++) all[i] = i;
    return all;
  }
  const rows = new Int32Array(count);
  let n = 0;
  for (let i = 0; i < count; ) {
    rows[n++] = i;
    i = collapsed.has(i) ? (subtreeEnd[i] as number) : i + 1;
  }
  return rows.slice(0, n);
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
