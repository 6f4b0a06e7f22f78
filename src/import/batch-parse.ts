// One batch of captured spans → rows. A part scan gathers span bytes into
// batches (each span cut down to what its row needs, see lean-span.ts); each
// batch is parsed with one JSON.parse and converted by the format's locator
// into rows, which are appended to the table in batch order.
import { locateJsonError } from './json-text';
import type { Converted, RowReader, SpanReference, StreamLocator } from './stream-locator';
import type { Warning } from '../model/trace';
import type { SpanRow } from '../model/wire-span';
import type { SpanTable } from '../tree/span-table';

export interface BatchJob {
  file: number;
  /** The spans' bytes (cut down) joined by commas, without brackets. */
  bytes: Uint8Array;
  /** Per span: where its bytes start in the file, how many there are, and its context group. */
  offset: Float64Array;
  length: Int32Array;
  groupId: Int32Array;
  /** Span k's bytes as the file has them: where the batch is not valid JSON, the error is found there. */
  span(k: number): Uint8Array;
}

export interface BatchResult {
  /** Table rows whose context was not read yet, and the key each resolves by. */
  pending: number[];
  pendingKeys: string[];
  /** A span only a context pass converts exactly. */
  needsContextPass: boolean;
  /** Table rows whose parent is settled once every span id is known (Jaeger). */
  references: Array<{ row: number; references: SpanReference[] }>;
  warnings: Warning[];
  /** The batch is not valid JSON: the span and the character offset within it (nothing was appended). */
  error: { span: number; offset: number; message: string } | null;
}

export interface BatchNames {
  /** A context group by id. */
  group(id: number): string;
  /** The path of span k of the batch, as warnings word it. */
  path(span: number): string;
}

const decoder = new TextDecoder();

/** Parses a batch and appends its rows to `table`, in order. */
export function parseBatch(job: BatchJob, locator: StreamLocator, names: BatchNames, table: SpanTable): BatchResult {
  let values: unknown[];
  try {
    values = JSON.parse(`[${decoder.decode(job.bytes)}]`) as unknown[];
  } catch {
    return { ...emptyResult(), error: locateInBatch(job) };
  }
  return appendRows(job, (k, group, path) => locator.convert(values[k], group, path), names, table);
}

/** Appends the rows of a batch that `rows` has read (RowReader.read), in order. */
export function appendReadBatch(job: BatchJob, rows: RowReader, names: BatchNames, table: SpanTable): BatchResult {
  return appendRows(job, (k, group, path) => rows.convert(k, group, path), names, table);
}

function emptyResult(): BatchResult {
  return { pending: [], pendingKeys: [], needsContextPass: false, references: [], warnings: [], error: null };
}

/** Each span's rows, as `convert` answers for span k, appended in order. */
function appendRows(
  job: BatchJob,
  convert: (k: number, group: string, path: () => string) => Converted | null,
  names: BatchNames,
  table: SpanTable,
): BatchResult {
  const result = emptyResult();
  const count = job.offset.length;
  // One path function and one row source for the batch, not one per span (they are read at once, never kept).
  let k = 0;
  const pathOf = () => names.path(k);
  const source = { file: job.file, byteStart: 0, byteLength: 0, context: 0 };
  for (; k < count; k++) {
    const groupId = job.groupId[k] as number;
    const converted = convert(k, names.group(groupId), pathOf);
    if (!converted) continue;
    if (converted.needsContextPass) result.needsContextPass = true;
    if (converted.warnings) for (const w of converted.warnings) result.warnings.push(w);
    source.byteStart = job.offset[k] as number;
    source.byteLength = job.length[k] as number;
    const spans = converted.spans;
    for (let half = 0; half < spans.length; half++) {
      source.context = groupId * 4 + half;
      const row = table.append(spans[half] as SpanRow, source);
      if (converted.pending) {
        result.pending.push(row);
        result.pendingKeys.push(converted.key ?? '');
      }
      if (converted.references) result.references.push({ row, references: converted.references });
    }
  }
  return result;
}

/** A batch failed to parse: find the span and the place within it, in the span's own bytes. */
function locateInBatch(job: BatchJob): BatchResult['error'] {
  for (let k = 0; k < job.offset.length; k++) {
    const located = locateJsonError(spanText(job, k));
    if (located) return { span: k, offset: located.offset, message: located.message };
  }
  return { span: 0, offset: 0, message: 'a span is not valid JSON' };
}

/** Span k of a batch as the file has it. */
export function spanText(job: Pick<BatchJob, 'span'>, span: number): string {
  return decoder.decode(job.span(span));
}
