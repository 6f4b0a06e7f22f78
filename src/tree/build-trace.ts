import type { FormatName, Span, Trace, Warning, WireSpan } from '../model/trace';
import { buildColumns, type BuiltColumns } from './build-columns';
import { SpanTable } from './span-table';
import { rowFromWire } from '../model/wire-span';
import { builtEventTime } from './validate-times';

export interface BuildOptions {
  format: FormatName;
  /** Trace-level warnings from the importer (partial trace, skipped lines…). */
  warnings?: readonly Warning[];
}

/** Wire spans (of any traces) → a span table, one row each. */
export function tableFromWire(spans: readonly WireSpan[]): SpanTable {
  const table = new SpanTable();
  for (const w of spans) table.append(rowFromWire(w));
  return table;
}

/** Every row of a table, for building a table that holds one trace. */
export function allRows(table: SpanTable): number[] {
  return Array.from({ length: table.count }, (_, i) => i);
}

/**
 * Wire spans of one trace → the model as objects: the columnar builder
 * (build-columns.ts) does the work; this attaches each span's full data.
 */
export function buildTrace(input: readonly WireSpan[], options: BuildOptions): Trace {
  const table = tableFromWire(input);
  const built = buildColumns(table, allRows(table), options.warnings);
  return materialize(input, built, options.format);
}

function materialize(input: readonly WireSpan[], built: BuiltColumns, format: FormatName): Trace {
  const spans: Span[] = new Array<Span>(built.count);
  for (let n = 0; n < built.count; n++) {
    const w = input[built.rowOf[n] as number] as WireSpan;
    const shift = (built.skewUs[n] as number) - built.traceStartUs;
    spans[n] = {
      ...w,
      key: built.spanKeys[n] as string,
      parentIndex: built.parent[n] as number,
      childIndices: [],
      depth: built.depth[n] as number,
      startUs: built.startUs[n] as number,
      durationUs: built.durationUs[n] as number,
      skewUs: built.skewUs[n] as number,
      events: w.events.map((e) => ({ ...e, timeUs: builtEventTime(e.timeUs, shift, built.startUs[n] as number) })),
      warnings: built.spanWarnings.get(n) ?? [],
    };
  }
  for (let n = 0; n < built.count; n++) {
    const parent = (spans[n] as Span).parentIndex;
    if (parent !== -1) (spans[parent] as Span).childIndices.push(n);
  }
  return {
    traceId: built.traceId,
    startUs: built.traceStartUs,
    durationUs: built.traceDurationUs,
    spans,
    roots: built.roots,
    services: built.services,
    warnings: built.warnings,
    format,
    orphanCount: built.orphanCount,
  };
}

/** Splits spans of many traces by trace id, keeping first-seen order. */
export function groupByTrace(spans: readonly WireSpan[]): Map<string, WireSpan[]> {
  const groups = new Map<string, WireSpan[]>();
  for (const span of spans) {
    const group = groups.get(span.traceId);
    if (group) group.push(span);
    else groups.set(span.traceId, [span]);
  }
  return groups;
}
