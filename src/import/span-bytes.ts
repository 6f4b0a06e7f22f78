// Spans held where they were read (views of the file's slices), and how a
// batch of them goes into a WebAssembly module's memory: spans that follow
// one another closely in the same slice are copied in one piece.

/** Spans of a batch: span k is `source[k][from[k]..to[k])`. */
export interface SpanBytes {
  source: readonly Uint8Array[];
  from: Int32Array;
  to: Int32Array;
}

/** Spans this close in one source are copied in one piece (what lies between is copied with them). */
const MAX_GAP = 256;

/** Span k follows span k - 1 closely in the same source. */
function follows({ source, from, to }: SpanBytes, k: number): boolean {
  const gap = (from[k] as number) - (to[k - 1] as number);
  return source[k] === source[k - 1] && gap >= 0 && gap <= MAX_GAP;
}

/** How many bytes spans `first` to `end` take in pieces, and the longest span. */
export function piecesSize(spans: SpanBytes, first: number, end: number): { bytes: number; longest: number } {
  const { from, to } = spans;
  let bytes = 0;
  let longest = 0;
  for (let k = first; k < end; k++) {
    const length = (to[k] as number) - (from[k] as number);
    if (length > longest) longest = length;
    bytes += k > first && follows(spans, k) ? (to[k] as number) - (to[k - 1] as number) : length;
  }
  return { bytes, longest };
}

/**
 * Copies spans `first` to `end` into `memory` from `input`, in pieces, and
 * writes each span's (start, end) relative to `input` as i32 pairs from
 * `table`. Returns the bytes copied.
 */
export function placePieces(
  memory: Uint8Array,
  spans: SpanBytes,
  first: number,
  end: number,
  table: number,
  input: number,
): number {
  const { source, from, to } = spans;
  const view = new Int32Array(memory.buffer, table, 2 * (end - first));
  let at = 0;
  for (let k = first; k < end;) {
    const piece = source[k] as Uint8Array;
    const start = from[k] as number;
    let last = k;
    while (last + 1 < end && follows(spans, last + 1)) last++;
    memory.set(piece.subarray(start, to[last]), input + at);
    for (let j = k; j <= last; j++) {
      view[2 * (j - first)] = at + (from[j] as number) - start;
      view[2 * (j - first) + 1] = at + (to[j] as number) - start;
    }
    at += (to[last] as number) - start;
    k = last + 1;
  }
  return at;
}
