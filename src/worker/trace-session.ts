// The loaded traces of one page, as pure data: files go in, compact columns
// come out, and a span's details are looked up on request. The worker wraps
// this; tests and the main-thread fallback call it directly.
import { computeSelfTime } from '../analysis/self-time';
import { computeServiceStats } from '../analysis/service-stats';
import { columnBuffers, type TraceColumns } from '../model/columns';
import { importText, type ImportFailure } from '../formats/detect';
import type { Attribute, FormatName, SpanEvent, SpanLink, Trace, Warning, WireSpan } from '../model/trace';
import { buildTrace, groupByTrace } from '../tree/build-trace';
import { toColumns } from '../tree/trace-columns';

export interface InputFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface ImportReport {
  /** Columns of every trace the files added to or changed. */
  traces: TraceColumns[];
  failures: ImportFailure[];
  /** Per file: how many spans and traces it held. */
  files: Array<{ name: string; spans: number; traces: number; format: FormatName }>;
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

interface Entry {
  wire: WireSpan[];
  format: FormatName;
  warnings: Warning[];
  files: string[];
  trace: Trace;
  selfUs: Float64Array;
  keyIndex: Map<string, number> | null;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export async function decodeFileBytes(bytes: ArrayBuffer): Promise<string> {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  }
  return new TextDecoder('utf-8').decode(bytes);
}

export class TraceSession {
  private readonly entries = new Map<string, Entry>();

  async importFiles(files: readonly InputFile[], progress?: Progress): Promise<ImportReport> {
    const touched = new Set<string>();
    const failures: ImportFailure[] = [];
    const report: ImportReport['files'] = [];
    for (const [n, file] of files.entries()) {
      progress?.('reading', n, files.length);
      let text: string;
      try {
        text = await decodeFileBytes(file.bytes);
      } catch (error) {
        failures.push({ ok: false, fileName: file.name, message: `${file.name}: could not decompress: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      progress?.('parsing', n, files.length);
      const imported = importText(text, file.name);
      if (!imported.ok) {
        failures.push(imported);
        continue;
      }
      const groups = groupByTrace(imported.spans);
      report.push({ name: file.name, spans: imported.spans.length, traces: groups.size, format: imported.format });
      for (const [traceId, spans] of groups) {
        touched.add(traceId);
        const entry = this.entries.get(traceId);
        if (entry) {
          entry.wire.push(...spans);
          if (!entry.files.includes(file.name)) entry.files.push(file.name);
          for (const w of imported.warnings) if (!entry.warnings.some((x) => x.message === w.message)) entry.warnings.push(w);
        } else {
          this.entries.set(traceId, { wire: spans, format: imported.format, warnings: [...imported.warnings], files: [file.name], trace: EMPTY, selfUs: new Float64Array(0), keyIndex: null });
        }
      }
    }
    const traces: TraceColumns[] = [];
    let built = 0;
    for (const traceId of touched) {
      progress?.('building', built++, touched.size);
      traces.push(this.rebuild(traceId));
    }
    return { traces, failures, files: report };
  }

  private rebuild(traceId: string): TraceColumns {
    const entry = this.entries.get(traceId) as Entry;
    const trace = buildTrace(entry.wire, { format: entry.format, warnings: entry.warnings });
    const tree = toColumns(trace);
    const selfUs = computeSelfTime(tree.startUs, tree.durationUs, tree.subtreeEnd);
    entry.trace = trace;
    // The columns' buffers are transferred to the page (detached here), so the session keeps its own copy.
    entry.selfUs = selfUs.slice();
    entry.keyIndex = null;
    const root = trace.spans[trace.roots[0] ?? 0];
    const { maxDepth, errorCount, spanWarningCounts, ...columns } = tree;
    return {
      ...columns,
      selfUs,
      serviceStats: computeServiceStats(tree.services, tree.serviceIndex, tree.durationUs, selfUs, tree.flags),
      summary: {
        traceId,
        format: trace.format,
        rootService: root?.service ?? '',
        rootName: root?.name ?? '',
        startUs: trace.startUs,
        durationUs: trace.durationUs,
        spanCount: trace.spans.length,
        serviceCount: trace.services.length,
        depth: trace.spans.length ? maxDepth + 1 : 0,
        errorCount,
        orphanCount: trace.orphanCount,
        warnings: trace.warnings,
        spanWarningCounts,
        files: [...entry.files],
      },
    };
  }

  private indexOf(entry: Entry, key: string): number {
    if (!entry.keyIndex) entry.keyIndex = new Map(entry.trace.spans.map((s, i) => [s.key, i]));
    return entry.keyIndex.get(key) ?? -1;
  }

  private locate(traceId: string, spanId: string): LinkTarget['loaded'] {
    const entry = this.entries.get(traceId);
    if (!entry) return null;
    const index = this.indexOf(entry, spanId);
    return index === -1 ? null : { traceId, index, key: spanId };
  }

  details(traceId: string, index: number): SpanDetails | null {
    const entry = this.entries.get(traceId);
    const span = entry?.trace.spans[index];
    if (!entry || !span) return null;
    const parent = entry.trace.spans[span.parentIndex];
    const references: LinkTarget[] = [];
    if (span.parentSpanId) {
      references.push({
        traceId,
        spanId: span.parentSpanId,
        kind: 'parent',
        attributes: [],
        loaded: parent ? { traceId, index: span.parentIndex, key: parent.key } : null,
      });
    }
    for (const link of span.links) references.push({ ...link, loaded: this.locate(link.traceId, link.spanId) });
    return {
      traceId,
      index,
      key: span.key,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: span.name,
      service: span.service,
      kind: span.kind,
      startUs: span.startUs,
      durationUs: span.durationUs,
      skewUs: span.skewUs,
      selfUs: entry.selfUs[index] ?? 0,
      status: span.status,
      attributes: span.attributes,
      resource: span.resource,
      scope: span.scope,
      events: span.events,
      references,
      warnings: span.warnings,
      dropped: span.dropped,
      shared: span.shared,
    };
  }

  remove(traceId: string): void {
    this.entries.delete(traceId);
  }

  clear(): void {
    this.entries.clear();
  }
}

const EMPTY: Trace = { traceId: '', startUs: 0, durationUs: 0, spans: [], roots: [], services: [], warnings: [], format: 'otlp', orphanCount: 0 };

export { columnBuffers };
