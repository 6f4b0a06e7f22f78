import { FLAG_ERROR } from '../model/columns';

/** How statistics group spans: by service, or by service and operation (the span name), as Jaeger UI's table does. */
export type StatsGrouping = 'service' | 'operation';

export interface StatsRow {
  service: string;
  /** The operation, when grouped by operation. */
  operation: string | null;
  count: number;
  /** Sum of the durations: nested spans of one group count more than once. */
  totalUs: number;
  minUs: number;
  maxUs: number;
  /** Sum of self times: time not covered by each span's own children. */
  selfUs: number;
  errors: number;
}

export interface StatsColumns {
  services: readonly string[];
  names: readonly string[];
  serviceIndex: Int32Array;
  nameIndex: Int32Array;
  durationUs: Float64Array;
  selfUs: Float64Array;
  flags: Uint8Array;
}

/** One pass over the columns; rows in order of first appearance. */
export function computeSpanStats(columns: StatsColumns, grouping: StatsGrouping): StatsRow[] {
  const { services, names, serviceIndex, nameIndex, durationUs, selfUs, flags } = columns;
  const byKey = new Map<number, StatsRow>();
  const rows: StatsRow[] = [];
  const stride = names.length + 1;
  for (let i = 0; i < serviceIndex.length; i++) {
    const service = serviceIndex[i] as number;
    const name = nameIndex[i] as number;
    const key = grouping === 'service' ? service : service * stride + name;
    let row = byKey.get(key);
    if (!row) {
      row = {
        service: services[service] ?? '',
        operation: grouping === 'service' ? null : (names[name] ?? ''),
        count: 0,
        totalUs: 0,
        minUs: Infinity,
        maxUs: 0,
        selfUs: 0,
        errors: 0,
      };
      byKey.set(key, row);
      rows.push(row);
    }
    const duration = durationUs[i] as number;
    row.count++;
    row.totalUs += duration;
    if (duration < row.minUs) row.minUs = duration;
    if (duration > row.maxUs) row.maxUs = duration;
    row.selfUs += selfUs[i] as number;
    if ((flags[i] as number) & FLAG_ERROR) row.errors++;
  }
  return rows;
}
