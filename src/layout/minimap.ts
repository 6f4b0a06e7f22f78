/**
 * Minimap density: how many spans cover each pixel of a W×H grid, where x is
 * time and y is the span's row (depth-first position scaled to H). Each span
 * adds +1 at its first pixel and −1 after its last in its pixel row (a
 * difference array), then one prefix-sum pass per row: O(spans + W×H), so a
 * million spans cost the same whatever their durations.
 *
 *   row y:  span A  |=====|          diff: +1 . . . . . −1
 *           span B     |=======|          . . +1 . . . . . −1
 *   counts:          1 1 2 2 2 1 1 1
 */
export function minimapDensity(
  startUs: Float64Array,
  durationUs: Float64Array,
  domainUs: readonly [number, number],
  widthPx: number,
  heightPx: number,
  /** Count only the spans marked 1 here (the query's matches, the critical path). */
  mask?: Uint8Array,
): Uint32Array {
  const w = Math.max(1, Math.floor(widthPx));
  const h = Math.max(1, Math.floor(heightPx));
  const diff = new Int32Array((w + 1) * h);
  const count = startUs.length;
  const [from, to] = domainUs;
  const pxPerUs = w / Math.max(1e-9, to - from);
  for (let i = 0; i < count; i++) {
    if (mask && mask[i] !== 1) continue;
    const y = Math.min(h - 1, Math.floor((i / count) * h));
    const s = startUs[i] as number;
    let x0 = Math.floor((s - from) * pxPerUs);
    let x1 = Math.floor((s + (durationUs[i] as number) - from) * pxPerUs);
    if (x1 < 0 || x0 >= w) continue;
    if (x0 < 0) x0 = 0;
    if (x1 >= w) x1 = w - 1;
    const base = y * (w + 1);
    diff[base + x0] = (diff[base + x0] as number) + 1;
    diff[base + x1 + 1] = (diff[base + x1 + 1] as number) - 1;
  }
  const density = new Uint32Array(w * h);
  for (let y = 0; y < h; y++) {
    let run = 0;
    for (let x = 0; x < w; x++) {
      run += diff[y * (w + 1) + x] as number;
      density[y * w + x] = run;
    }
  }
  return density;
}
