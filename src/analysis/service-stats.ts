import { FLAG_ERROR, type ServiceStats } from '../model/columns';

/** Per-service span count, total time, self time and errors, in one pass over the columns. */
export function computeServiceStats(
  services: readonly string[],
  serviceIndex: Int32Array,
  durationUs: Float64Array,
  selfUs: Float64Array,
  flags: Uint8Array,
): ServiceStats[] {
  const stats = services.map((service) => ({ service, spanCount: 0, totalUs: 0, selfUs: 0, errorCount: 0 }));
  for (let i = 0; i < serviceIndex.length; i++) {
    const s = stats[serviceIndex[i] as number];
    if (!s) continue;
    s.spanCount++;
    s.totalUs += durationUs[i] as number;
    s.selfUs += selfUs[i] as number;
    if ((flags[i] as number) & FLAG_ERROR) s.errorCount++;
  }
  return stats;
}
