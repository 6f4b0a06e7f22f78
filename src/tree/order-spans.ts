export interface SortKeys {
  startUs: ArrayLike<number>;
  durationUs: ArrayLike<number>;
  names: readonly string[];
  keys: readonly string[];
}

/**
 * Child lists sorted by start, then a depth-first pre-order from the roots
 * (also sorted by start) with each span's depth. An explicit stack keeps a
 * chain 100,000 spans deep safe. Ties in start go to the longer span, then by
 * name and id, never by input order: the same trace read from any format (or
 * from files in any order) comes out the same.
 */
export function orderSpans(
  parents: Int32Array,
  sortKeys: SortKeys,
): { order: Int32Array; depth: Int32Array; roots: number[] } {
  const { startUs, durationUs, names, keys } = sortKeys;
  const count = parents.length;
  // Children of p are childList[offset[p] .. offset[p + 1]): one array for all, no array per span.
  const offset = new Int32Array(count + 1);
  const roots: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = parents[i] as number;
    if (p === -1) roots.push(i);
    else offset[p + 1] = (offset[p + 1] as number) + 1;
  }
  for (let i = 0; i < count; i++) offset[i + 1] = (offset[i + 1] as number) + (offset[i] as number);
  const cursor = offset.slice(0, count);
  const childList = new Int32Array(count - roots.length);
  for (let i = 0; i < count; i++) {
    const p = parents[i] as number;
    if (p === -1) continue;
    const at = cursor[p] as number;
    childList[at] = i;
    cursor[p] = at + 1;
  }
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byStart = (a: number, b: number) =>
    (startUs[a] as number) - (startUs[b] as number) ||
    (durationUs[b] as number) - (durationUs[a] as number) ||
    text(names[a] as string, names[b] as string) ||
    text(keys[a] as string, keys[b] as string) ||
    a - b;
  roots.sort(byStart);
  for (let p = 0; p < count; p++) {
    const from = offset[p] as number;
    const to = offset[p + 1] as number;
    // Most child lists are short: sorted in place here, without a call into the engine's sort (and a view) for each.
    if (to - from > SHORT_LIST) childList.subarray(from, to).sort(byStart);
    else if (to - from > 1) insertionSort(childList, from, to, byStart);
  }

  const order = new Int32Array(count);
  const depth = new Int32Array(count);
  const stack: number[] = [];
  let next = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r] as number);
  while (stack.length) {
    const node = stack.pop() as number;
    order[next++] = node;
    for (let k = (offset[node + 1] as number) - 1; k >= (offset[node] as number); k--) {
      const child = childList[k] as number;
      depth[child] = (depth[node] as number) + 1;
      stack.push(child);
    }
  }
  return { order, depth, roots };
}

/** Lists up to this long are sorted by insertion. */
const SHORT_LIST = 12;

function insertionSort(list: Int32Array, from: number, to: number, compare: (a: number, b: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const item = list[i] as number;
    let j = i - 1;
    while (j >= from && compare(list[j] as number, item) > 0) {
      list[j + 1] = list[j] as number;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Parents before children, without sorting: for passes that only need that. */
export function topDownOrder(parents: Int32Array): Int32Array {
  const count = parents.length;
  const firstChild = new Int32Array(count).fill(-1);
  const nextSibling = new Int32Array(count).fill(-1);
  for (let i = count - 1; i >= 0; i--) {
    const p = parents[i] as number;
    if (p !== -1) {
      nextSibling[i] = firstChild[p] as number;
      firstChild[p] = i;
    }
  }
  const out = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < count; i++) if (parents[i] === -1) out[tail++] = i;
  while (head < tail) {
    const node = out[head++] as number;
    for (let c = firstChild[node] as number; c !== -1; c = nextSibling[c] as number) out[tail++] = c;
  }
  return out;
}
