import {
  FLAG_DESCENDANT_ERROR,
  FLAG_ERROR,
  FLAG_OK,
  FLAG_ORPHAN,
  FLAG_SKEW,
  FLAG_WARNING,
  type SpanColumns,
} from '../model/columns';
import type { SpanKind, Warning } from '../model/trace';
import { breakCycles } from './break-cycles';
import { adjustClockSkew } from './clock-skew';
import { dedupeRows } from './dedupe-spans';
import { IdIndex } from './id-index';
import { linkParents, linkParentsByNumber } from './link-parents';
import { orderSpans, topDownOrder } from './order-spans';
import { ID_HEX, PARENT_HEX, PARENT_NONE, STATUS_ERROR, STATUS_OK, type SpanTable } from './span-table';
import { uniquifyIds } from './uniquify-ids';
import { validateTimes } from './validate-times';
import { isPlausibleUs } from '../model/time';

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

function addWarnings(target: Map<number, Warning[]>, index: number, extra: readonly Warning[] | undefined): void {
  if (!extra || extra.length === 0) return;
  const list = target.get(index);
  if (list) for (const w of extra) list.push(w);
  else target.set(index, extra.slice());
}

/**
 * Table rows of one trace → the trace as depth-first columns. The order of
 * the steps matters:
 * 0. validate times: every later step does arithmetic on them;
 * 1. dedupe: exact repeats would otherwise look like id collisions;
 * 2. uniquify ids: parents can only be linked once every key is unique;
 * 3. link parents: orphans become roots;
 * 4. break cycles: the walks below need a forest;
 * 5. clock skew: needs the forest top-down, and changes starts…
 * 6. …so children are sorted and ordered depth-first only after it.
 */
export function buildColumns(
  table: SpanTable,
  inputRows: readonly number[],
  importWarnings: readonly Warning[] = [],
): BuiltColumns {
  // Usually no span id repeats: then dedupe and uniquify change nothing and one
  // id → index map serves every step. Only traces with repeats take the long way.
  // When every id is 16 hex digits (nearly always), that map holds them as numbers.
  const { numericIds, firstIds, repeats } = indexIds(table, inputRows);
  const { rows, warnings: dedupeWarnings } = repeats
    ? dedupeRows(table, inputRows)
    : { rows: inputRows.slice(), warnings: [] };
  const count = rows.length;
  const { spanIds, parentIds, kinds, rawStart, durationUs, hostIds, hosts, nameTexts } = gatherRows(table, rows);
  const timeWarnings = validateTimes(rawStart, durationUs);
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
  const { adjusted, traceStart, traceEnd } = adjustedStarts(rawStart, skew.skewUs, durationUs);
  const {
    order,
    depth: depthByLocal,
    roots,
  } = orderSpans(links.parents, {
    startUs: adjusted,
    durationUs,
    names: nameTexts,
    keys: ids.keys,
  });

  const dfsOf = depthFirstIndex(order);

  const { rowOf, spanKeys, startUs, durations, skewUs, depth, parent, maxDepth } = placeSpans({
    order,
    dfsOf,
    rows,
    keys: ids.keys,
    adjusted,
    traceStart,
    durationUs,
    skewUs: skew.skewUs,
    depthByLocal,
    parents: links.parents,
  });
  const { serviceIndex, nameIndex, kind, flags, eventOffset, services, names, errorCount } = rowColumns(
    table,
    rowOf,
    skewUs,
  );
  const { eventTimeUs, badEvents } = eventTimes(table, rowOf, eventOffset, skewUs, traceStart, startUs);
  const spanWarnings = warningsBySpan(
    table.warnings,
    rowOf,
    dfsOf,
    [timeWarnings, ids.spanWarnings, links.spanWarnings, cycleCuts, skew.spanWarnings],
    flags,
    badEvents,
  );
  const subtreeEnd = subtreeEndsAndErrors(parent, flags);
  const spanWarningCounts: Record<string, number> = {};
  for (const list of spanWarnings.values())
    for (const w of list) spanWarningCounts[w.code] = (spanWarningCounts[w.code] ?? 0) + 1;

  const warnings: Warning[] = [...importWarnings, ...dedupeWarnings, ...ids.warnings];
  if (links.orphans.length) {
    const n = links.orphans.length;
    warnings.push({
      code: 'orphan',
      message: `${n} span${n === 1 ? "'s parent is" : "s' parents are"} missing; the trace is incomplete`,
    });
  }
  if (cycleCuts.size)
    warnings.push({
      code: 'cycle',
      message: `${cycleCuts.size} parent loop${cycleCuts.size === 1 ? ' was' : 's were'} cut`,
    });
  if (skew.spanWarnings.size) {
    warnings.push({
      code: 'clock-skew',
      message: `${skew.spanWarnings.size} span${skew.spanWarnings.size === 1 ? ' was' : 's were'} shifted to repair clock skew`,
    });
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

/**
 * Event times of every span, in depth-first order, on the adjusted clock. An
 * event time out of range is put at its span's start; `badEvents` counts them by span.
 */
function eventTimes(
  table: SpanTable,
  rowOf: Int32Array,
  eventOffset: Int32Array,
  skewUs: Float64Array,
  traceStart: number,
  startUs: Float64Array,
) {
  const count = rowOf.length;
  const eventTimeUs = new Float64Array(eventOffset[count] as number);
  let badEvents: Map<number, number> | null = null;
  for (let n = 0; n < count; n++) {
    const row = rowOf[n] as number;
    const events = table.eventCount[row] as number;
    // One loop, no inner one: a span has few events, and an inner loop here made the engine
    // enter and leave code compiled for it once per span.
    if (events === 0) continue;
    const bad = copyShifted(
      eventTimeUs,
      eventOffset[n] as number,
      table.eventTimeUs,
      table.eventStart[row] as number,
      events,
      (skewUs[n] as number) - traceStart,
      startUs[n] as number,
    );
    if (bad) (badEvents ??= new Map()).set(n, bad);
  }
  return { eventTimeUs, badEvents };
}

/** Copies one span's event times, shifted; returns how many were out of range (those get `fallback`). */
function copyShifted(
  to: Float64Array,
  at: number,
  from: Float64Array,
  start: number,
  count: number,
  shift: number,
  fallback: number,
): number {
  let bad = 0;
  for (let k = 0; k < count; k++) {
    const time = from[start + k] as number;
    if (isPlausibleUs(time)) to[at + k] = time + shift;
    else {
      to[at + k] = fallback;
      bad++;
    }
  }
  return bad;
}

/** Subtree ends (returned) and descendant errors (set in `flags`) in one backward pass: children follow parents. */
function subtreeEndsAndErrors(parent: Int32Array, flags: Uint8Array): Int32Array {
  const count = parent.length;
  const subtreeEnd = new Int32Array(count);
  for (let i = 0; i < count; i++) subtreeEnd[i] = i + 1;
  for (let i = count - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (p === -1) continue;
    if ((subtreeEnd[i] as number) > (subtreeEnd[p] as number)) subtreeEnd[p] = subtreeEnd[i] as number;
    if ((flags[i] as number) & (FLAG_ERROR | FLAG_DESCENDANT_ERROR))
      flags[p] = (flags[p] as number) | FLAG_DESCENDANT_ERROR;
  }
  return subtreeEnd;
}

/** Whether any span id repeats, found with the ids as numbers where every one is 16 hex digits (nearly always). */
function indexIds(
  table: SpanTable,
  inputRows: readonly number[],
): { numericIds: IdIndex | null; firstIds: Map<string, number>; repeats: boolean } {
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
  return { numericIds, firstIds, repeats };
}

/**
 * The table's values of these rows, by local index. Plain loops, not Array.from/map with a callback: these run over
 * every span.
 */
function gatherRows(table: SpanTable, rows: readonly number[]) {
  const count = rows.length;
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
  return { spanIds, parentIds, kinds, rawStart, durationUs, hostIds, hosts, nameTexts };
}

/** Starts with the clock skew repaired, and the trace's first start and last end. */
function adjustedStarts(
  rawStart: Float64Array,
  skewUs: Float64Array,
  durationUs: Float64Array,
): { adjusted: Float64Array; traceStart: number; traceEnd: number } {
  const count = rawStart.length;
  const adjusted = new Float64Array(count);
  let traceStart = Infinity;
  let traceEnd = -Infinity;
  for (let i = 0; i < count; i++) {
    const start = (rawStart[i] as number) + (skewUs[i] as number);
    adjusted[i] = start;
    if (start < traceStart) traceStart = start;
    const end = start + (durationUs[i] as number);
    if (end > traceEnd) traceEnd = end;
  }
  return count === 0 ? { adjusted, traceStart: 0, traceEnd: 0 } : { adjusted, traceStart, traceEnd };
}

/** Where each span goes in depth-first order, with its times, depth and parent there. */
function placeSpans(input: {
  order: Int32Array;
  dfsOf: Int32Array;
  rows: readonly number[];
  keys: readonly string[];
  adjusted: Float64Array;
  traceStart: number;
  durationUs: Float64Array;
  skewUs: Float64Array;
  depthByLocal: Int32Array;
  parents: Int32Array;
}) {
  const { order, dfsOf, rows, keys, adjusted, traceStart, durationUs, depthByLocal, parents } = input;
  const count = order.length;
  const rowOf = new Int32Array(count);
  const spanKeys = new Array<string>(count);
  const startUs = new Float64Array(count);
  const durations = new Float64Array(count);
  const skewUs = new Float64Array(count);
  const depth = new Int32Array(count);
  const parent = new Int32Array(count);
  let maxDepth = 0;
  for (let n = 0; n < count; n++) {
    const local = order[n] as number;
    rowOf[n] = rows[local] as number;
    spanKeys[n] = keys[local] as string;
    startUs[n] = (adjusted[local] as number) - traceStart;
    durations[n] = durationUs[local] as number;
    skewUs[n] = input.skewUs[local] as number;
    const d = depthByLocal[local] as number;
    depth[n] = d;
    if (d > maxDepth) maxDepth = d;
    const p = parents[local] as number;
    parent[n] = p === -1 ? -1 : (dfsOf[p] as number);
  }
  return { rowOf, spanKeys, startUs, durations, skewUs, depth, parent, maxDepth };
}

/**
 * Service, name, kind, status flags and event offsets of each span in depth-first order; services and names in order of
 * first use.
 */
function rowColumns(table: SpanTable, rowOf: Int32Array, skewUs: Float64Array) {
  const count = rowOf.length;
  const serviceIndex = new Int32Array(count);
  const nameIndex = new Int32Array(count);
  const kind = new Uint8Array(count);
  const flags = new Uint8Array(count);
  const eventOffset = new Int32Array(count + 1);
  const serviceIds = new Int32Array(table.services.values.length);
  const services: string[] = [];
  const nameIds = new Int32Array(table.names.values.length);
  const names: string[] = [];
  let eventTotal = 0;
  let errorCount = 0;
  for (let n = 0; n < count; n++) {
    const row = rowOf[n] as number;
    serviceIndex[n] = localId(serviceIds, services, table.serviceIndex[row] as number, table.services.values);
    nameIndex[n] = localId(nameIds, names, table.nameIndex[row] as number, table.names.values);
    kind[n] = table.kind[row] as number;
    const status = table.status[row] as number;
    let f = skewUs[n] !== 0 ? FLAG_SKEW : 0;
    if (status === STATUS_ERROR) {
      f |= FLAG_ERROR;
      errorCount++;
    } else if (status === STATUS_OK) f |= FLAG_OK;
    flags[n] = f;
    eventOffset[n] = eventTotal;
    eventTotal += table.eventCount[row] as number;
  }
  eventOffset[count] = eventTotal;
  return { serviceIndex, nameIndex, kind, flags, eventOffset, services, names, errorCount };
}

/** Local (dedupe order) → depth-first index. */
function depthFirstIndex(order: Int32Array): Int32Array {
  const dfsOf = new Int32Array(order.length);
  for (let n = 0; n < order.length; n++) dfsOf[order[n] as number] = n;
  return dfsOf;
}

/**
 * Each span's warnings by depth-first index: the importer's (by table row),
 * then the builder's (by local index), in that order; their flags are set.
 * Warnings are few: each source is walked, not looked up per span.
 */
function warningsBySpan(
  byRow: ReadonlyMap<number, readonly Warning[]>,
  rowOf: Int32Array,
  dfsOf: Int32Array,
  byLocal: ReadonlyArray<ReadonlyMap<number, readonly Warning[]>>,
  flags: Uint8Array,
  badEvents: ReadonlyMap<number, number> | null,
): Map<number, Warning[]> {
  const out = new Map<number, Warning[]>();
  if (byRow.size) for (let n = 0; n < rowOf.length; n++) addWarnings(out, n, byRow.get(rowOf[n] as number));
  for (const source of byLocal) for (const [local, list] of source) addWarnings(out, dfsOf[local] as number, list);
  if (badEvents) {
    for (const [n, bad] of badEvents) {
      addWarnings(out, n, [
        {
          code: 'invalid-value',
          message: `${bad} event time${bad === 1 ? ' is' : 's are'} out of range; shown at the span start`,
        },
      ]);
    }
  }
  for (const [n, list] of out)
    flags[n] = (flags[n] as number) | FLAG_WARNING | (list.some((w) => w.code === 'orphan') ? FLAG_ORPHAN : 0);
  return out;
}
