// Messages between the page and the import worker.
import type { PackedTraces, TraceColumns } from '../model/columns';
import type { RedactRules } from '../model/redact';
import type { ExportFormat, ImportReport, InputFile, SpanDetails } from './trace-session';
import type { StatsGrouping, StatsRow } from '../analysis/span-stats';
import type { AttributeKey, QueryAnswer } from './trace-analyses';

/** The critical path as it crosses to the page. */
export interface PathAnswer {
  spans: Int32Array;
  pathUs: Float64Array;
  onPath: Uint8Array;
}

export type WorkerRequest =
  | { type: 'import'; id: number; files: InputFile[] }
  | { type: 'cancel'; id: number; target: number }
  | { type: 'details'; id: number; traceId: string; index: number }
  | { type: 'clear'; id: number }
  | { type: 'close'; id: number; traceId: string }
  | { type: 'critical-path'; id: number; traceId: string }
  | { type: 'stats'; id: number; traceId: string; grouping: StatsGrouping }
  | { type: 'query'; id: number; traceId: string; text: string }
  | { type: 'attribute-keys'; id: number; traceId: string }
  | { type: 'export'; id: number; traceId: string; format: ExportFormat; redaction: RedactRules | null };

export type WorkerResponse =
  | { type: 'progress'; id: number; stage: string; done: number; total: number }
  /** Many traces come packed (report.traces is then empty: unpackTraces gives them). */
  | { type: 'imported'; id: number; report: ImportReport; packed?: PackedTraces }
  | { type: 'details'; id: number; details: SpanDetails | null }
  | { type: 'done'; id: number }
  | { type: 'critical-path'; id: number; path: PathAnswer | null }
  | { type: 'stats'; id: number; rows: StatsRow[] | null }
  | { type: 'query'; id: number; answer: QueryAnswer | null }
  | { type: 'attribute-keys'; id: number; keys: AttributeKey[] | null }
  | { type: 'export'; id: number; text: string | null }
  /**
   * The worker's warm-up is over (id 0: it answers no request). `sample`: a trace of the warm-up, for the page to
   * draw once, unseen, so that its own code is warm too (see WarmRender.tsx).
   */
  | { type: 'ready'; id: 0; sample?: TraceColumns }
  | { type: 'failed'; id: number; message: string };
