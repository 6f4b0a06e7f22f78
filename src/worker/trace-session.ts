// The loaded traces of one page, as pure data: files go in, compact columns
// come out, and one span's details are read again from its file on request.
// The worker wraps this; tests call it directly (the main-thread path).
import { computeSelfTime } from '../analysis/self-time';
import { computeServiceStats } from '../analysis/service-stats';
import { packSpanKeys, type SpanColumns, type TraceColumns } from '../model/columns';
import type { ImportFailure } from '../formats/detect';
import type { Attribute, FormatName, SpanEvent, SpanLink, Warning } from '../model/trace';
import { thousands } from '../model/numbers';
import { buildColumns, type BuiltColumns } from '../tree/build-columns';
import { SpanTable } from '../tree/span-table';
import { builtEventTime } from '../tree/validate-times';
import { streamImport, type ImportedSource, type StreamOptions } from '../import/stream-import';
import { TraceAnalyses, type AttributeKey, type QueryAnswer } from './trace-analyses';
import type { CriticalPath } from '../analysis/critical-path';
import type { StatsGrouping, StatsRow } from '../analysis/span-stats';
import type { WireSpan } from '../model/trace';
import { checkedRules, redactor, redactSpan, type RedactRules } from '../model/redact';
import { toOtlpTraces } from '../formats/otlp/otlp-writer';
import { toJaegerTrace } from '../formats/jaeger/jaeger-writer';

/** The formats a loaded trace downloads as. */
export type ExportFormat = 'otlp' | 'jaeger';

/** Spans read for an attribute index come in windows of at most this many bytes of their file. */
const READ_WINDOW_BYTES = 8 * 1024 * 1024;

export interface InputFile {
  name: string;
  blob: Blob;
}

export interface ImportReport {
  /** Columns of every trace the files added to or changed. */
  traces: TraceColumns[];
  failures: ImportFailure[];
  /** Per file: how many spans it held, and how its span batches were parsed. */
  files: Array<{
    name: string;
    spans: number;
    format: FormatName;
    batches: { total: number; helper: number };
    scans: number;
  }>;
  /** Where the worker's time went: reading the files into rows, and building the traces. */
  timings: { readMs: number; buildMs: number };
  /** Loaded traces a file of this import brought again (spans already loaded): its copy replaced the old one. */
  replaced: ReplacedTrace[];
}

export interface ReplacedTrace {
  traceId: string;
  /** The file whose copy is now open. */
  file: string;
  /** Spans of the open trace the file had too (its copies replaced them). */
  replacedSpans: number;
  /** Spans the file had that the open trace did not. */
  addedSpans: number;
}

/** A trace's rows, files and warnings as they were before this import brought it again. */
interface Earlier {
  rows: number[];
  format: FormatName | undefined;
  files: string[];
  warnings: Warning[];
}

export interface LinkTarget {
  traceId: string;
  spanId: string;
  kind: SpanLink['kind'] | 'parent';
  attributes: Attribute[];
  /** Where the target is when it is loaded: jump there on click. */
  loaded: { traceId: string; index: number; key: string } | null;
}

export interface SpanDetails {
  traceId: string;
  index: number;
  key: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  kind: string;
  startUs: number;
  durationUs: number;
  skewUs: number;
  selfUs: number;
  status: { code: string; message: string };
  attributes: Attribute[];
  resource: Attribute[];
  scope: { name: string; version: string } | null;
  events: SpanEvent[];
  references: LinkTarget[];
  warnings: Warning[];
  dropped: { attributes: number; events: number; links: number };
  shared: boolean;
}

export type Progress = (stage: string, done: number, total: number) => void;

interface Built {
  built: BuiltColumns;
  selfUs: Float64Array;
  keyIndex: Map<string, number> | null;
}

export class TraceSession {
  private readonly table = new SpanTable();
  private readonly sources: ImportedSource[] = [];
  private readonly rowsByTrace = new Map<number, number[]>();
  private readonly traceWarnings = new Map<number, Warning[]>();
  private readonly traceFiles = new Map<number, string[]>();
  private readonly traceFormat = new Map<number, FormatName>();
  private readonly built = new Map<string, Built>();
  private readonly analyses = new TraceAnalyses();

  constructor(private readonly options: Omit<StreamOptions, 'cancelled' | 'progress'> = {}) {}

  async importFiles(
    files: readonly InputFile[],
    progress?: Progress,
    cancelled?: () => boolean,
  ): Promise<ImportReport> {
    const touched = new Set<number>();
    const replaced: ReplacedTrace[] = [];
    const failures: ImportFailure[] = [];
    const report: ImportReport['files'] = [];
    const readStart = performance.now();
    for (const [n, file] of files.entries()) {
      progress?.(`reading ${file.name}`, 0, file.blob.size);
      const result = await streamImport(file.name, file.blob, this.sources.length, this.table, {
        ...this.options,
        cancelled,
        progress: (read, total, spans) => progress?.(`reading ${file.name} · ${thousands(spans)} spans`, read, total),
      });
      if (!result.ok) {
        failures.push(result);
        continue;
      }
      this.sources.push(result);
      report.push({
        name: file.name,
        spans: result.rowCount,
        format: result.format,
        batches: result.batches,
        scans: result.scans,
      });
      this.assignRows(result, file.name, touched, replaced);
      if (n < files.length - 1) progress?.('reading', n + 1, files.length);
    }
    const traces: TraceColumns[] = [];
    let done = 0;
    const buildStart = performance.now();
    for (const trace of touched) {
      progress?.('building', done++, touched.size);
      traces.push(this.rebuild(trace));
    }
    const timings = { readMs: buildStart - readStart, buildMs: performance.now() - buildStart };
    return { traces, failures, files: report, timings, replaced };
  }

  /**
   * The file's rows join their traces (rows of one trace mostly follow each other: the last trace's list is kept at
   * hand).
   */
  private assignRows(result: ImportedSource, fileName: string, touched: Set<number>, replaced: ReplacedTrace[]): void {
    const inThisFile = new Set<number>();
    const earlier = new Map<number, Earlier>();
    let lastTrace = -1;
    let lastRows: number[] = [];
    for (let row = result.firstRow; row < result.firstRow + result.rowCount; row++) {
      const trace = this.table.traceIndex[row] as number;
      if (trace !== lastTrace) {
        lastTrace = trace;
        lastRows = this.traceRows(trace, result, fileName, touched, inThisFile, earlier);
      }
      lastRows.push(row);
    }
    for (const [trace, before] of earlier) this.settleAgain(trace, before, fileName, replaced);
  }

  /**
   * A trace an earlier import loaded, brought again by this file: the file is a newer copy of the spans it shares with
   * the open trace, so its spans replace those with the same ids (no duplicate warnings), and spans it does not have
   * stay (another service's export, say). Re-dropping the same file changes nothing.
   */
  private settleAgain(trace: number, before: Earlier, fileName: string, replaced: ReplacedTrace[]): void {
    const fresh = this.rowsByTrace.get(trace) ?? [];
    const ids = this.table.spanIds;
    const newIds = new Set<string>();
    for (const row of fresh) newIds.add(ids[row] as string);
    const rows: number[] = [];
    const oldIds = new Set<string>();
    for (const row of before.rows) {
      oldIds.add(ids[row] as string);
      if (!newIds.has(ids[row] as string)) rows.push(row);
    }
    const dropped = before.rows.length - rows.length;
    for (const row of fresh) rows.push(row);
    this.rowsByTrace.set(trace, rows);
    if (before.format) this.traceFormat.set(trace, before.format);
    const sourcesLeft = new Set<number>();
    for (const row of rows) sourcesLeft.add(this.table.file[row] as number);
    const files = before.files.filter((name) => this.sources.some((s, i) => s.name === name && sourcesLeft.has(i)));
    for (const name of this.traceFiles.get(trace) ?? []) if (!files.includes(name)) files.push(name);
    this.traceFiles.set(trace, files);
    this.traceWarnings.set(trace, addWarnings(before.warnings, this.traceWarnings.get(trace) ?? []));
    if (dropped > 0) {
      replaced.push({
        traceId: this.table.traceIds.values[trace] as string,
        file: fileName,
        replacedSpans: dropped,
        addedSpans: fresh.filter((row) => !oldIds.has(ids[row] as string)).length,
      });
    }
  }

  /**
   * A trace's row list, set up the first time this file brings the trace: its format, file name and the file's
   * warnings.
   */
  private traceRows(
    trace: number,
    result: ImportedSource,
    fileName: string,
    touched: Set<number>,
    inThisFile: Set<number>,
    earlier: Map<number, Earlier>,
  ): number[] {
    let rows = this.rowsByTrace.get(trace);
    if (rows && !touched.has(trace)) {
      // Loaded by an earlier import: set it aside until the whole file is read (settleAgain decides).
      earlier.set(trace, {
        rows,
        format: this.traceFormat.get(trace),
        files: this.traceFiles.get(trace) ?? [],
        warnings: this.traceWarnings.get(trace) ?? [],
      });
      this.traceFiles.delete(trace);
      this.traceWarnings.delete(trace);
      rows = undefined;
    }
    if (!rows) {
      this.rowsByTrace.set(trace, (rows = []));
      this.traceFormat.set(trace, result.format);
    }
    touched.add(trace);
    if (!inThisFile.has(trace)) {
      inThisFile.add(trace);
      const names = this.traceFiles.get(trace) ?? [];
      if (!names.includes(fileName)) names.push(fileName);
      this.traceFiles.set(trace, names);
      this.traceWarnings.set(trace, addWarnings(this.traceWarnings.get(trace) ?? [], result.warnings));
    }
    return rows;
  }

  private rebuild(trace: number): TraceColumns {
    const built = buildColumns(this.table, this.rowsByTrace.get(trace) ?? [], this.traceWarnings.get(trace) ?? []);
    const selfUs = computeSelfTime(built.startUs, built.durationUs, built.subtreeEnd);
    const traceId = built.traceId;
    this.built.set(traceId, { built, selfUs, keyIndex: null });
    this.analyses.forget(traceId);
    const root = built.roots[0] ?? 0;
    const columns: TraceColumns = {
      count: built.count,
      ...copyArrays(built),
      selfUs: selfUs.slice(),
      services: built.services,
      names: built.names,
      spanKeys: packSpanKeys(built.spanKeys),
      serviceStats: computeServiceStats(built.services, built.serviceIndex, built.durationUs, selfUs, built.flags),
      summary: {
        traceId,
        format: this.traceFormat.get(trace) ?? 'otlp',
        rootService: built.services[built.serviceIndex[root] as number] ?? '',
        rootName: built.names[built.nameIndex[root] as number] ?? '',
        startUs: built.traceStartUs,
        durationUs: built.traceDurationUs,
        spanCount: built.count,
        serviceCount: built.services.length,
        depth: built.count ? built.maxDepth + 1 : 0,
        errorCount: built.errorCount,
        orphanCount: built.orphanCount,
        warnings: built.warnings,
        spanWarningCounts: built.spanWarningCounts,
        files: [...(this.traceFiles.get(trace) ?? [])],
      },
    };
    return columns;
  }

  private indexOf(entry: Built, key: string): number {
    if (!entry.keyIndex) entry.keyIndex = new Map(entry.built.spanKeys.map((k, i) => [k, i]));
    return entry.keyIndex.get(key) ?? -1;
  }

  private locate(traceId: string, spanId: string): LinkTarget['loaded'] {
    const entry = this.built.get(traceId);
    if (!entry) return null;
    const index = this.indexOf(entry, spanId);
    return index === -1 ? null : { traceId, index, key: spanId };
  }

  /** One span's full details, read again from its file. */
  async details(traceId: string, index: number): Promise<SpanDetails | null> {
    const entry = this.built.get(traceId);
    if (!entry || index < 0 || index >= entry.built.count) return null;
    const { built } = entry;
    const row = built.rowOf[index] as number;
    const source = this.sources[this.table.file[row] as number];
    if (!source) return null;
    const start = this.table.byteStart[row] as number;
    const text = await source.blob.slice(start, start + (this.table.byteLength[row] as number)).text();
    const context = this.table.context[row] as number;
    const parentSpanId = this.table.parentIds[row] as string;
    const span = source.locator.details(
      JSON.parse(text) as unknown,
      source.groups[context >> 2] as string,
      parentSpanId,
      context & 3,
    );
    if (!span) return null;
    const shift = (built.skewUs[index] as number) - built.traceStartUs;
    const parent = built.parent[index] as number;
    const references: LinkTarget[] = [];
    if (parentSpanId) {
      references.push({
        traceId,
        spanId: parentSpanId,
        kind: 'parent',
        attributes: [],
        loaded: parent === -1 ? null : { traceId, index: parent, key: built.spanKeys[parent] as string },
      });
    }
    for (const link of span.links) references.push({ ...link, loaded: this.locate(link.traceId, link.spanId) });
    return {
      traceId,
      index,
      key: built.spanKeys[index] as string,
      spanId: span.spanId,
      parentSpanId,
      name: span.name,
      service: built.services[built.serviceIndex[index] as number] ?? span.service,
      kind: span.kind,
      startUs: built.startUs[index] as number,
      durationUs: built.durationUs[index] as number,
      skewUs: built.skewUs[index] as number,
      selfUs: entry.selfUs[index] ?? 0,
      status: span.status,
      attributes: span.attributes,
      resource: span.resource,
      scope: span.scope,
      events: span.events.map((e) => ({
        ...e,
        timeUs: builtEventTime(e.timeUs, shift, built.startUs[index] as number),
      })),
      references,
      warnings: built.spanWarnings.get(index) ?? [],
      dropped: span.dropped,
      shared: span.shared,
    };
  }

  /** The critical path of a loaded trace (null: not loaded). */
  criticalPath(traceId: string): CriticalPath | null {
    const entry = this.built.get(traceId);
    return entry ? this.analyses.criticalPath(traceId, entry.built) : null;
  }

  async stats(traceId: string, grouping: StatsGrouping): Promise<StatsRow[] | null> {
    const entry = this.built.get(traceId);
    return entry
      ? this.analyses.stats(traceId, entry.built, entry.selfUs, grouping, (visit) => this.readSpans(entry, visit))
      : null;
  }

  /** The attribute keys of a loaded trace (null: not loaded). */
  async attributeKeys(traceId: string): Promise<AttributeKey[] | null> {
    const entry = this.built.get(traceId);
    return entry ? this.analyses.keys(traceId, (visit) => this.readSpans(entry, visit)) : null;
  }

  /** Which spans a query matches; attributes it names are read from the files once per trace. */
  async query(traceId: string, text: string): Promise<QueryAnswer | null> {
    const entry = this.built.get(traceId);
    return entry
      ? this.analyses.query(traceId, entry.built, entry.selfUs, text, (visit) => this.readSpans(entry, visit))
      : null;
  }

  /**
   * A loaded trace as a file: every span read again from its file, in the
   * trace's order, written as OTLP/JSON or Jaeger JSON (what the server
   * answers), optionally redacted (model/redact.ts). Dropped back, the file
   * gives the same trace. null: not loaded.
   */
  async exportTrace(traceId: string, format: ExportFormat, redaction: RedactRules | null): Promise<string | null> {
    const entry = this.built.get(traceId);
    if (!entry) return null;
    const spans: Array<WireSpan | undefined> = new Array<WireSpan | undefined>(entry.built.count);
    const r = redaction && redactor(checkedRules(redaction));
    await this.readSpans(entry, (index, span) => (spans[index] = r ? redactSpan(span, r) : span));
    const read: WireSpan[] = [];
    for (const span of spans) if (span) read.push(span);
    return format === 'jaeger'
      ? JSON.stringify({ data: [toJaegerTrace(traceId, read)] })
      : JSON.stringify(toOtlpTraces(read));
  }

  /**
   * Every span of a built trace, read from its files in file order, in windows
   * of neighbouring spans: one read per window, not one per span, and each
   * byte read once. Spans are handed over and not kept.
   */
  private async readSpans(entry: Built, visit: (index: number, span: WireSpan) => void): Promise<void> {
    const { built } = entry;
    const table = this.table;
    const count = built.count;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    const rowOf = built.rowOf;
    order.sort((a, b) => {
      const ra = rowOf[a] as number;
      const rb = rowOf[b] as number;
      return (
        (table.file[ra] as number) - (table.file[rb] as number) ||
        (table.byteStart[ra] as number) - (table.byteStart[rb] as number)
      );
    });
    const decoder = new TextDecoder();
    for (let w = 0; w < count;) {
      const firstRow = rowOf[order[w] as number] as number;
      const file = table.file[firstRow] as number;
      const from = table.byteStart[firstRow] as number;
      let to = from;
      let end = w;
      while (end < count) {
        const row = rowOf[order[end] as number] as number;
        const spanEnd = (table.byteStart[row] as number) + (table.byteLength[row] as number);
        if (table.file[row] !== file || (end > w && spanEnd - from > READ_WINDOW_BYTES)) break;
        if (spanEnd > to) to = spanEnd;
        end++;
      }
      const source = this.sources[file];
      const bytes = source ? new Uint8Array(await source.blob.slice(from, to).arrayBuffer()) : null;
      for (let k = w; k < end && source && bytes; k++) {
        const index = order[k] as number;
        const row = rowOf[index] as number;
        const start = (table.byteStart[row] as number) - from;
        const context = table.context[row] as number;
        let span: WireSpan | null;
        try {
          const value = JSON.parse(
            decoder.decode(bytes.subarray(start, start + (table.byteLength[row] as number))),
          ) as unknown;
          span = source.locator.details(
            value,
            source.groups[context >> 2] as string,
            table.parentIds[row] as string,
            context & 3,
          );
        } catch {
          continue; // the file changed under us: the span reads as without attributes
        }
        if (span) visit(index, span);
      }
      w = end;
    }
  }

  /** Closes one loaded trace: it leaves the list, and a file that brings it later opens it afresh. */
  close(traceId: string): boolean {
    const trace = this.table.traceIds.find(traceId);
    if (trace === undefined || !this.rowsByTrace.has(trace)) return false;
    this.rowsByTrace.delete(trace);
    this.traceWarnings.delete(trace);
    this.traceFiles.delete(trace);
    this.traceFormat.delete(trace);
    this.built.delete(traceId);
    this.analyses.forget(traceId);
    return true;
  }

  clear(): void {
    this.analyses.forget();
    this.table.truncate(0);
    this.sources.length = 0;
    this.rowsByTrace.clear();
    this.traceWarnings.clear();
    this.traceFiles.clear();
    this.traceFormat.clear();
    this.built.clear();
  }
}

/** `list` with the warnings of `more` it does not say yet (by message), added in order. */
function addWarnings(list: Warning[], more: readonly Warning[]): Warning[] {
  for (const w of more) if (!list.some((x) => x.message === w.message)) list.push(w);
  return list;
}

/** Copies of the typed arrays: the page gets (and owns) transferred copies, the session keeps its own. */
function copyArrays(c: SpanColumns) {
  return {
    startUs: c.startUs.slice(),
    durationUs: c.durationUs.slice(),
    skewUs: c.skewUs.slice(),
    depth: c.depth.slice(),
    parent: c.parent.slice(),
    subtreeEnd: c.subtreeEnd.slice(),
    serviceIndex: c.serviceIndex.slice(),
    nameIndex: c.nameIndex.slice(),
    kind: c.kind.slice(),
    flags: c.flags.slice(),
    eventOffset: c.eventOffset.slice(),
    eventTimeUs: c.eventTimeUs.slice(),
  };
}
