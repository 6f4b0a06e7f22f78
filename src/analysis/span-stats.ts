import { FLAG_ERROR } from '../model/columns';

/**
 * How statistics group spans: by service, by service and operation (the span
 * name, as Jaeger UI's table does), or by the value of one attribute, named as
 * a query names it (`attribute:span.http.route`, `attribute:resource.host.name`,
 * `attribute:.db.system` for either scope).
 */
export type StatsGrouping = 'service' | 'operation' | `attribute:${string}`;

export interface StatsRow {
  service: string;
  /** The operation, when grouped by operation. */
  operation: string | null;
  /** The attribute's value as text, when grouped by an attribute (null: spans without it). */
  value?: string | null;
  /** The query that selects this row's spans (a row click writes it). */
  query: string;
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
export function computeSpanStats(columns: StatsColumns, grouping: 'service' | 'operation'): StatsRow[] {
  const { services, names, serviceIndex, nameIndex } = columns;
  const byKey = new Map<number, StatsRow>();
  const rows: StatsRow[] = [];
  const stride = names.length + 1;
  for (let i = 0; i < serviceIndex.length; i++) {
    const service = serviceIndex[i] as number;
    const name = nameIndex[i] as number;
    const key = grouping === 'service' ? service : service * stride + name;
    let row = byKey.get(key);
    if (!row) {
      const serviceName = services[service] ?? '';
      const operation = grouping === 'service' ? null : (names[name] ?? '');
      row = emptyRow(
        serviceName,
        operation,
        undefined,
        operation === null
          ? `{ service = ${quote(serviceName)} }`
          : `{ service = ${quote(serviceName)} && name = ${quote(operation)} }`,
      );
      byKey.set(key, row);
      rows.push(row);
    }
    addSpan(row, columns, i);
  }
  return rows;
}

/** A group with no span yet. */
function emptyRow(
  service: string,
  operation: string | null,
  value: string | null | undefined,
  query: string,
): StatsRow {
  return {
    service,
    operation,
    ...(value !== undefined ? { value } : {}),
    query,
    count: 0,
    totalUs: 0,
    minUs: Infinity,
    maxUs: 0,
    selfUs: 0,
    errors: 0,
  };
}

/** A TraceQL string literal. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

function addSpan(row: StatsRow, columns: StatsColumns, i: number): void {
  const duration = columns.durationUs[i] as number;
  row.count++;
  row.totalUs += duration;
  if (duration < row.minUs) row.minUs = duration;
  if (duration > row.maxUs) row.maxUs = duration;
  row.selfUs += columns.selfUs[i] as number;
  if ((columns.flags[i] as number) & FLAG_ERROR) row.errors++;
}

/**
 * One span's value of the grouping attribute: its text and the query literal that equals it; null when the span lacks
 * it.
 */
export type GroupValue = { text: string; literal: string } | null;

/**
 * Statistics by the value of one attribute (`field` as a query writes it):
 * one row per distinct value, and one for the spans without it. Rows in order
 * of first appearance.
 */
export function computeAttributeStats(
  columns: StatsColumns,
  field: string,
  valueOf: (i: number) => GroupValue,
): StatsRow[] {
  const byValue = new Map<string, StatsRow>();
  const rows: StatsRow[] = [];
  let missing: StatsRow | null = null;
  for (let i = 0; i < columns.serviceIndex.length; i++) {
    const value = valueOf(i);
    let row: StatsRow | null | undefined = value ? byValue.get(value.text) : missing;
    if (!row) {
      row = emptyRow(
        '',
        null,
        value ? value.text : null,
        value ? `{ ${field} = ${value.literal} }` : `{ !(${field}) }`,
      );
      if (value) byValue.set(value.text, row);
      else missing = row;
      rows.push(row);
    }
    addSpan(row, columns, i);
  }
  return rows;
}
