import { FLAG_DESCENDANT_ERROR, FLAG_ERROR, FLAG_OK, FLAG_ORPHAN, FLAG_SKEW, FLAG_WARNING, type SpanColumns } from '../model/columns';
import type { SpanKind, Warning } from '../model/trace';
import { breakCycles } from './break-cycles';
import { adjustClockSkew } from './clock-skew';
import { dedupeRows } from './dedupe-spans';
import { IdIndex } from './id-index';
import { linkParents, linkParentsByNumber } from './link-parents';
import { orderSpans, topDownOrder } from './order-spans';
import { ID_HEX, PARENT_HEX, PARENT_NONE, STATUS_ERROR, STATUS_OK, type SpanTable } from './span-table';
import { uniquifyIds } from './uniquify-ids';

/** One trace built from table rows: depth-first columns plus what maps them back. */
export interface BuiltColumns extends SpanColumns {
  traceId: string;
  /** Absolute epoch µs of the earliest (adjusted) start. */
  traceStartUs: number;
  traceDurationUs: number;
  /** Table row of each span, in depth-first order. */
  rowOf: Int32Array;
  roots: number[];
  maxDepth: number;
  errorCount: number;
  orphanCount: number;
  /** Warnings per span (importer's and the builder's), by depth-first index. */
  spanWarnings: Map<number, Warning[]>;
  spanWarningCounts: Record<string, number>;
  warnings: Warning[];
}

/** The trace's own index for a table-wide string id, in order of first use. `ids` maps table ids (+1; 0 = none yet). */
function localId(ids: Int32Array, list: string[], tableId: number, values: readonly string[]): number {
  const known = ids[tableId] as number;
  if (known !== 0) return known - 1;
  list.push(values[tableId] as string);
  ids[tableId] = list.length;
  return list.length - 1;
}

function addWarnings(target: Map<number, Warning[]>, index: number, source: ReadonlyMap<number, readonly Warning[]>, key: number): void {
  if (source.size === 0) return;
  const extra = source.get(key);
  if (!extra || extra.length === 0) return;
  const list = target.get(index);
  if (list) list.push(...extra);
  else target.set(index, [...extra]);
}

/**
 * Table rows of one trace → the trace as depth-first columns. The order of
 * the steps matters:
 * 1. dedupe: exact repeats would otherwise look like id collisions;
 * 2. uniquify ids: parents can only be linked once every key is unique;
 * 3. link parents: orphans become roots;
 * 4. break cycles: the walks below need a forest;
 * 5. clock skew: needs the forest top-down, and changes starts…
 * 6. …so children are sorted and ordered depth-first only after it.
 */
export function buildColumns(table: SpanTable, inputRows: readonly number[], importWarnings: readonly Warning[] = []): BuiltColumns {
  // Usually no span id repeats: then dedupe and uniquify change nothing and one
  // id → index map serves every step. Only traces with repeats take the long way.
  // When every id is 16 hex digits (nearly always), that map holds them as numbers.
  const numeric = inputRows.every((row) => {
    const form = table.idForm[row] as number;
    return (form & ID_HEX) !== 0 && (form & (PARENT_HEX | PARENT_NONE)) !== 0;
  });
  const numericIds = numeric ? new IdIndex(inputRows.length) : null;
  const firstIds = new Map<string, number>();
  let repeats = false;
  for (let i = 0; i < inputRows.length; i++) {
    const row = inputRows[i] as number;
    if (numericIds) {
      repeats = !numericIds.add(table.idHigh[row] as number, table.idLow[row] as number, i);
    } else {
      const id = table.spanIds[row] as string;
      repeats = firstIds.has(id);
      firstIds.set(id, i);
    }
    if (repeats) break;
  }
  const { rows, warnings: dedupeWarnings } = repeats ? dedupeRows(table, inputRows) : { rows: [...inputRows], warnings: [] };
  const count = rows.length;
  // Plain loops, not Array.from/map with a callback: these run over every span.
  const spanIds = new Array<string>(count);
  const parentIds = new Array<string>(count);
  const kinds = new Array<SpanKind>(count);
  const rawStart = new Float64Array(count);
  const durationUs = new Float64Array(count);
  const hostIds = new Int32Array(count);
  const hosts = new Array<string>(count);
  const nameTexts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const r = rows[i] as number;
    spanIds[i] = table.spanIds[r] as string;
    parentIds[i] = table.parentIds[r] as string;
    kinds[i] = table.kindOf(r);
    rawStart[i] = table.startUs[r] as number;
    durationUs[i] = table.durationUs[r] as number;
    hostIds[i] = table.hostIndex[r] as number;
    hosts[i] = table.hosts.values[hostIds[i] as number] as string;
    nameTexts[i] = table.names.values[table.nameIndex[r] as number] as string;
  }
  const ids = repeats
    ? uniquifyIds({ spanIds, parentIds, kinds, shared: Uint8Array.from(rows, (r) => table.shared[r] as number) })
    : { keys: spanIds, parentKeys: parentIds, spanWarnings: new Map<number, Warning[]>(), warnings: [] };
  const links = repeats
    ? linkParents(ids.keys, ids.parentKeys)
    : numericIds
      ? linkParentsByNumber(table, rows, numericIds)
      : linkParents(ids.keys, ids.parentKeys, firstIds);
  const cycleCuts = breakCycles(links.parents, rawStart);
  const skew = adjustClockSkew({
    parents: links.parents,
    topDown: topDownOrder(links.parents),
    startUs: rawStart,
    durationUs,
    hosts,
    hostIds,
    kinds,
  });
  const adjusted = new Float64Array(count);
  let traceStart = Infinity;
  let traceEnd = -Infinity;
  for (let i = 0; i < count; i++) {
    const start = (rawStart[i] as number) + (skew.skewUs[i] as number);
    adjusted[i] = start;
    if (start < traceStart) traceStart = start;
    const end = start + (durationUs[i] as number);
    if (end > traceEnd) traceEnd = end;
  }
  if (count === 0) traceStart = traceEnd = 0;
  const { order, depth: depthByLocal, roots } = orderSpans(links.parents, {
    startUs: adjusted,
    durationUs,
    names: nameTexts,
    keys: ids.keys,
  });

  // Local (dedupe order) → depth-first index.
  const dfsOf = new Int32Array(count);
  for (let n = 0; n < count; n++) dfsOf[order[n] as number] = n;

  const rowOf = new Int32Array(count);
  const spanKeys = new Array<string>(count);
  const startUs = new Float64Array(count);
  const durations = new Float64Array(count);
  const skewUs = new Float64Array(count);
  const depth = new Int32Array(count);
  const parent = new Int32Array(count);
  const subtreeEnd = new Int32Array(count);
  const serviceIndex = new Int32Array(count);
  const nameIndex = new Int32Array(count);
  const kind = new Uint8Array(count);
  const flags = new Uint8Array(count);
  const eventOffset = new Int32Array(count + 1);
  const serviceIds = new Int32Array(table.services.values.length);
  const services: string[] = [];
  const nameIds = new Int32Array(table.names.values.length);
  const names: string[] = [];
  const spanWarnings = new Map<number, Warning[]>();
  let eventTotal = 0;
  let maxDepth = 0;
  let errorCount = 0;
  for (let n = 0; n < count; n++) {
    const local = order[n] as number;
    const row = rows[local] as number;
    rowOf[n] = row;
    spanKeys[n] = ids.keys[local] as string;
    const shift = skew.skewUs[local] as number;
    startUs[n] = (adjusted[local] as number) - traceStart;
    durations[n] = durationUs[local] as number;
    skewUs[n] = shift;
    depth[n] = depthByLocal[local] as number;
    if ((depth[n] as number) > maxDepth) maxDepth = depth[n] as number;
    const p = links.parents[local] as number;
    parent[n] = p === -1 ? -1 : (dfsOf[p] as number);
    serviceIndex[n] = localId(serviceIds, services, table.serviceIndex[row] as number, table.services.values);
    nameIndex[n] = localId(nameIds, names, table.nameIndex[row] as number, table.names.values);
    kind[n] = table.kind[row] as number;
    addWarnings(spanWarnings, n, table.warnings, row);
    addWarnings(spanWarnings, n, ids.spanWarnings, local);
    addWarnings(spanWarnings, n, links.spanWarnings, local);
    addWarnings(spanWarnings, n, cycleCuts, local);
    addWarnings(spanWarnings, n, skew.spanWarnings, local);
    let f = 0;
    const status = table.status[row] as number;
    if (status === STATUS_ERROR) {
      f |= FLAG_ERROR;
      errorCount++;
    } else if (status === STATUS_OK) f |= FLAG_OK;
    const own = spanWarnings.get(n);
    if (own) {
      f |= FLAG_WARNING;
      if (own.some((w) => w.code === 'orphan')) f |= FLAG_ORPHAN;
    }
    if (shift !== 0) f |= FLAG_SKEW;
    flags[n] = f;
    eventOffset[n] = eventTotal;
    eventTotal += table.eventCount[row] as number;
  }
  eventOffset[count] = eventTotal;
  const eventTimeUs = new Float64Array(eventTotal);
  for (let n = 0; n < count; n++) {
    const row = rowOf[n] as number;
    const from = table.eventStart[row] as number;
    const shift = (skewUs[n] as number) - traceStart;
    for (let k = 0, at = eventOffset[n] as number; k < (table.eventCount[row] as number); k++, at++) {
      eventTimeUs[at] = (table.eventTimeUs[from + k] as number) + shift;
    }
  }
  // Subtree ends and descendant errors in one backward pass: children follow parents.
  for (let i = 0; i < count; i++) subtreeEnd[i] = i + 1;
  for (let i = count - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (p === -1) continue;
    if ((subtreeEnd[i] as number) > (subtreeEnd[p] as number)) subtreeEnd[p] = subtreeEnd[i] as number;
    if ((flags[i] as number) & (FLAG_ERROR | FLAG_DESCENDANT_ERROR)) flags[p] = (flags[p] as number) | FLAG_DESCENDANT_ERROR;
  }
  const spanWarningCounts: Record<string, number> = {};
  for (const list of spanWarnings.values()) for (const w of list) spanWarningCounts[w.code] = (spanWarningCounts[w.code] ?? 0) + 1;

  const warnings: Warning[] = [...importWarnings, ...dedupeWarnings, ...ids.warnings];
  if (links.orphans.length) {
    const n = links.orphans.length;
    warnings.push({ code: 'orphan', message: `${n} span${n === 1 ? "'s parent is" : "s' parents are"} missing; the trace is incomplete` });
  }
  if (cycleCuts.size) warnings.push({ code: 'cycle', message: `${cycleCuts.size} parent loop${cycleCuts.size === 1 ? ' was' : 's were'} cut` });
  if (skew.spanWarnings.size) {
    warnings.push({ code: 'clock-skew', message: `${skew.spanWarnings.size} span${skew.spanWarnings.size === 1 ? ' was' : 's were'} shifted to repair clock skew` });
  }
  return {
    traceId: rows.length ? (table.traceIds.values[table.traceIndex[rows[0] as number] as number] as string) : '',
    traceStartUs: traceStart,
    traceDurationUs: traceEnd - traceStart,
    count,
    rowOf,
    spanKeys,
    startUs,
    durationUs: durations,
    skewUs,
    depth,
    parent,
    subtreeEnd,
    serviceIndex,
    nameIndex,
    kind,
    flags,
    eventOffset,
    eventTimeUs,
    services,
    names,
    roots: roots.map((r) => dfsOf[r] as number).sort((a, b) => a - b),
    maxDepth,
    errorCount,
    orphanCount: links.orphans.length,
    spanWarnings,
    spanWarningCounts,
    warnings,
  };
}
