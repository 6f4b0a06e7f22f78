/**
 * Self time: the part of a span's duration not covered by any of its direct
 * children. Children may overlap each other or spill past the parent, so their
 * intervals are clipped to the parent and merged before subtracting:
 *
 *   parent  |==================================|   100
 *   child A    |==========|                        30
 *   child B          |==========|                  overlaps A: union A∪B = 45
 *   child C                            |=========…  clipped at the parent's end: 10
 *   self    |==|               |======|             100 − 45 − 10 = 45
 *
 * Works on depth-first columns: the direct children of i are i+1, then each
 * next sibling starts where the previous one's subtree ends. Children arrive
 * sorted by start, so one pass merges them. O(n), no recursion.
 */
export function computeSelfTime(startUs: Float64Array, durationUs: Float64Array, subtreeEnd: Int32Array): Float64Array {
  const count = startUs.length;
  const selfUs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const spanStart = startUs[i] as number;
    const spanEnd = spanStart + (durationUs[i] as number);
    const end = subtreeEnd[i] as number;
    let covered = 0;
    let runStart = 0;
    let runEnd = -Infinity;
    for (let c = i + 1; c < end; c = subtreeEnd[c] as number) {
      const s = Math.max(startUs[c] as number, spanStart);
      const e = Math.min((startUs[c] as number) + (durationUs[c] as number), spanEnd);
      if (e <= s) continue;
      if (s > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
      } else if (e > runEnd) runEnd = e;
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    selfUs[i] = Math.max(0, (durationUs[i] as number) - covered);
  }
  return selfUs;
}
