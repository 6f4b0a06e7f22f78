/**
 * The critical path: the chain of work that decided when the trace ended.
 * Walk back from the root's end; at each point in time the span on the path
 * is blocked by the child that finished last before that point, so the path
 * goes into that child until its start, then back to the parent:
 *
 *   root   |=====================================|       path: root 0–2, A 2–5,
 *   A        |==========|                              B 5–9 (through C 6–8),
 *   B                    |=============|                root 9–10 … 14–15
 *   C                       |======|
 *   D                           |====|  (ends before B: hidden behind B)
 *   E                                      |==|  root waits for E: 11–13
 *   F (async)                  |============================|  ends after root
 *
 *   time   0    2    5    6  8  9   11 13 14 15
 *
 * Rules:
 * - A child that ends after its parent ends (fire-and-forget, an async
 *   producer, FOLLOWS_FROM) did not block the parent: it is not on the
 *   parent's path (F above). Jaeger UI clips such children into the parent,
 *   which puts work on the path that nobody waited for (jaeger-ui#2371).
 * - A child that starts before its parent (clock skew not repaired) counts
 *   from the parent's start.
 * - Each span's contribution is the time the path spends in the span itself
 *   (not in a child); the contributions of the root's path add up to the
 *   root's duration. A span on the path may contribute 0 (fully covered by
 *   its own child on the path).
 *
 * Iterative (an explicit stack), on depth-first columns: the children of i
 * are i + 1, then each next sibling starts at the previous one's subtree end.
 * Each span's children are sorted once by end, so the walk is O(n log n).
 */
export interface CriticalPath {
  /** Spans on the path, in depth-first order. */
  spans: Int32Array;
  /** Time each of them is on the path itself, µs. */
  pathUs: Float64Array;
  /** Per span of the trace: 1 when it is on the path (for queries and drawing). */
  onPath: Uint8Array;
}

export interface PathColumns {
  startUs: Float64Array;
  durationUs: Float64Array;
  subtreeEnd: Int32Array;
  parent: Int32Array;
}

/** The path of the root that ends last (a trace with several roots: the one whose end the trace waited for). */
export function computeCriticalPath(columns: PathColumns): CriticalPath {
  const { startUs, durationUs, subtreeEnd, parent } = columns;
  const count = startUs.length;
  const contribution = new Float64Array(count);
  const onPath = new Uint8Array(count);
  if (count === 0) return { spans: new Int32Array(0), pathUs: new Float64Array(0), onPath };
  const end = (i: number) => (startUs[i] as number) + (durationUs[i] as number);
  let root = -1;
  for (let i = 0; i < count; i++) if (parent[i] === -1 && (root === -1 || end(i) > end(root))) root = i;

  // A frame: a span on the path, the time the walk has reached in it, and its blocking candidates.
  interface Frame {
    span: number;
    atUs: number;
    /** Where the walk in this span stops: its start, or its parent's when it started earlier. */
    floorUs: number;
    children: number[];
    next: number;
  }
  const frameOf = (span: number, atUs: number, floorUs: number): Frame => ({
    span,
    atUs,
    floorUs,
    children: blockingChildren(span, floorUs),
    next: 0,
  });
  /** Children that ended within the span (not after it, not before it began), latest end first. */
  function blockingChildren(span: number, spanStart: number): number[] {
    const spanEnd = end(span);
    const out: number[] = [];
    for (let c = span + 1; c < (subtreeEnd[span] as number); c = subtreeEnd[c] as number) {
      const childEnd = end(c);
      if (childEnd <= spanEnd && childEnd > spanStart) out.push(c);
    }
    out.sort((a, b) => end(b) - end(a) || a - b);
    return out;
  }

  onPath[root] = 1;
  const stack: Frame[] = [frameOf(root, end(root), startUs[root] as number)];
  while (stack.length) {
    const frame = stack[stack.length - 1] as Frame;
    const spanStart = frame.floorUs;
    // The child that finished last before the point reached: skip those that end after it.
    while (frame.next < frame.children.length && end(frame.children[frame.next] as number) > frame.atUs) frame.next++;
    const child = frame.children[frame.next];
    if (child === undefined || frame.atUs <= spanStart) {
      contribution[frame.span] = (contribution[frame.span] as number) + Math.max(0, frame.atUs - spanStart);
      stack.pop();
      continue;
    }
    frame.next++;
    const childEnd = end(child);
    const childStart = Math.max(startUs[child] as number, spanStart);
    contribution[frame.span] =
      (contribution[frame.span] as number) + Math.max(0, frame.atUs - Math.max(childEnd, spanStart));
    // When the child is done, the parent goes on from where the child started.
    frame.atUs = childStart;
    onPath[child] = 1;
    stack.push(frameOf(child, childEnd, childStart));
  }
  let n = 0;
  for (let i = 0; i < count; i++) n += onPath[i] as number;
  const spans = new Int32Array(n);
  const pathUs = new Float64Array(n);
  for (let i = 0, k = 0; i < count; i++) {
    if (!onPath[i]) continue;
    spans[k] = i;
    pathUs[k++] = contribution[i] as number;
  }
  return { spans, pathUs, onPath };
}
