// One batch of captured spans → rows. The streaming importer gathers span
// bytes into batches; each is parsed with one JSON.parse and converted by the
// format's locator into a pack of rows. The importer's worker does this, or a
// helper worker does it in parallel (same function, same locator state), and
// the importer appends the packs in batch order either way. A job is a few
// typed arrays, so it crosses to the helper cheaply.
import { locateJsonError } from '../formats/json-text';
import type { StreamLocator } from '../formats/stream-locator';
import type { Warning } from '../model/trace';
import { SpanTable, type RowPack } from '../tree/span-table';

export interface BatchJob {
  seq: number;
  file: number;
  /** The spans' bytes joined by commas, without brackets. */
  bytes: Uint8Array;
  /** Per span: where its bytes start in the file, how many there are, its context group. */
  offset: Float64Array;
  length: Int32Array;
  groupId: Int32Array;
}

export interface BatchResult {
  seq: number;
  pack: RowPack;
  /** Rows (in the pack) whose context was not read yet. */
  pending: number[];
  /** Rows (in the pack) whose parent is settled once every span id is known (Jaeger). */
  references: Array<{ row: number; references: Array<{ kind: 'child_of' | 'follows_from'; spanId: string }> }>;
  warnings: Warning[];
  /** The batch is not valid JSON: the span and the character offset within it. */
  error: { span: number; offset: number; message: string } | null;
}

export interface BatchNames {
  /** A context group by id. */
  group(id: number): string;
  /** The path of span k of the batch, as warnings word it. */
  path(span: number): string;
}

const decoder = new TextDecoder();

export function parseBatch(job: BatchJob, locator: StreamLocator, names: BatchNames): BatchResult {
  const count = job.offset.length;
  const table = new SpanTable(count);
  let values: unknown[];
  try {
    values = JSON.parse(`[${decoder.decode(job.bytes)}]`) as unknown[];
  } catch {
    return { seq: job.seq, pack: table.toPack(), pending: [], references: [], warnings: [], error: locateInBatch(job) };
  }
  const result: Omit<BatchResult, 'pack'> = { seq: job.seq, pending: [], references: [], warnings: [], error: null };
  for (let k = 0; k < count; k++) {
    const groupId = job.groupId[k] as number;
    const converted = locator.convert(values[k], names.group(groupId), () => names.path(k));
    if (!converted) continue;
    for (const w of converted.warnings ?? []) result.warnings.push(w);
    const source = { file: job.file, byteStart: job.offset[k] as number, byteLength: job.length[k] as number, context: 0 };
    converted.spans.forEach((span, half) => {
      const row = table.append(span, { ...source, context: groupId * 4 + half });
      if (converted.pending) result.pending.push(row);
      if (converted.references) result.references.push({ row, references: converted.references });
    });
  }
  return { ...result, pack: table.toPack() };
}

/** A batch failed to parse: find the span and the place within it. */
function locateInBatch(job: BatchJob): BatchResult['error'] {
  let at = 0;
  for (let k = 0; k < job.length.length; k++) {
    const length = job.length[k] as number;
    const located = locateJsonError(decoder.decode(job.bytes.subarray(at, at + length)));
    at += length + 1;
    if (located) return { span: k, offset: located.offset, message: located.message };
  }
  return { span: 0, offset: 0, message: 'a span is not valid JSON' };
}

/** Spans' bytes of a batch, one by one: `bytes` is the job's, `length` its lengths. */
export function spanText(job: Pick<BatchJob, 'bytes' | 'length'>, span: number): string {
  let at = 0;
  for (let k = 0; k < span; k++) at += (job.length[k] as number) + 1;
  return decoder.decode(job.bytes.subarray(at, at + (job.length[span] as number)));
}

/**
 * A helper worker does not have the spans' paths (they would cost more to send
 * than the batch): it words warnings with a marker per span, and the importer
 * fills in the path when it appends the batch.
 */
export const markedPaths: Pick<BatchNames, 'path'> = { path: (span) => `\u0000${span}\u0000` };

export function fillPaths(result: BatchResult, path: (span: number) => string): void {
  // Markers split the text: the odd parts are span numbers.
  const fill = (w: Warning): Warning =>
    w.message.includes('\u0000') ? { ...w, message: w.message.split('\u0000').map((part, k) => (k % 2 ? path(Number(part)) : part)).join('') } : w;
  result.warnings = result.warnings.map(fill);
  result.pack.warnings = result.pack.warnings.map(([row, list]) => [row, list.map(fill)]);
}
