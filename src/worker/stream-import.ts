// Imports one file as a stream into the span table: sniff the format from the
// first bytes, scan for spans (a context pass first where the format needs
// one), parse captured spans in batches with JSON.parse, and append rows that
// remember their byte range so details can be read again later. Nothing holds
// the whole file as one string, so files beyond V8's string limit open.
import { detectFormat, FORMAT_LABELS, importText, locatorFor, type ImportFailure } from '../formats/detect';
import { JsonScanError, JsonScanner, type PathSegment, type ScanPosition } from '../formats/json-scan';
import { jsonSkeleton } from '../formats/json-skeleton';
import { locateJsonError } from '../formats/json-text';
import { chooseParent, pathText, type ScanPass, type StreamLocator } from '../formats/stream-locator';
import type { FormatName, Warning } from '../model/trace';
import type { SpanTable } from '../tree/span-table';

export interface StreamOptions {
  /** Re-chunk the stream (tests use tiny chunks to prove chunking does not matter). */
  chunkBytes?: number;
  /** Stop at the next chunk; the rows of this file are removed. */
  cancelled?: () => boolean;
  progress?: (bytesRead: number, totalBytes: number, spans: number) => void;
  /** Files up to this size get failure messages from the one-shot reader (default 64 MB). */
  oneShotLimit?: number;
}

export interface ImportedSource {
  ok: true;
  name: string;
  format: FormatName;
  /** The file's (decompressed) bytes: details are sliced from it. */
  blob: Blob;
  locator: StreamLocator;
  /** Context group names, by the id stored in the table's context column (id = context >> 2). */
  groups: string[];
  warnings: Warning[];
  firstRow: number;
  rowCount: number;
}

const GZIP = [0x1f, 0x8b];
const PREFIX_BYTES = 256 * 1024;
const BATCH_BYTES = 64 * 1024;
/** Files up to this size get their failure message from the one-shot reader, word for word. */
const ONE_SHOT_LIMIT = 64 * 1024 * 1024;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Files up to this size are read in one go: each Blob read is a round trip to the browser's blob store. */
const READ_WHOLE_BYTES = 16 * 1024 * 1024;

async function* chunks(blob: Blob, chunkBytes?: number, whole?: Uint8Array): AsyncGenerator<Uint8Array> {
  if (whole) {
    const size = chunkBytes ?? 1 << 20;
    for (let i = 0; i < whole.length; i += size) yield whole.subarray(i, i + size);
    return;
  }
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (!chunkBytes) yield value;
    else for (let i = 0; i < value.length; i += chunkBytes) yield value.subarray(i, i + chunkBytes);
  }
}

/** A gzip file is decompressed once into a Blob, which details are sliced from. */
async function plainBlob(blob: Blob, whole?: Uint8Array): Promise<Blob> {
  const head = whole ?? new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (head[0] !== GZIP[0] || head[1] !== GZIP[1]) return blob;
  const parts: Uint8Array[] = [];
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Blob(parts as BlobPart[]);
}

function failure(name: string, message: string, position?: ScanPosition): ImportFailure {
  return position
    ? { ok: false, fileName: name, line: position.line, column: position.column, message: `${name}:${position.line}:${position.column}: not valid JSON: ${message}` }
    : { ok: false, fileName: name, message: `${name}: ${message}` };
}

interface PendingSpan {
  start: ScanPosition;
  length: number;
  group: string;
  path: PathSegment[];
  doc: number;
}

export async function streamImport(
  name: string,
  source: Blob,
  fileIndex: number,
  table: SpanTable,
  options: StreamOptions = {},
): Promise<ImportedSource | ImportFailure> {
  let blob: Blob;
  let whole: Uint8Array | undefined;
  try {
    const small = source.size <= READ_WHOLE_BYTES ? new Uint8Array(await source.arrayBuffer()) : undefined;
    blob = await plainBlob(source, small);
    if (blob === source) whole = small;
    else if (blob.size <= READ_WHOLE_BYTES) whole = new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    return failure(name, `could not decompress: ${error instanceof Error ? error.message : String(error)}`);
  }
  const firstRow = table.count;
  const oneShotFailure = async (): Promise<ImportFailure | null> => {
    if (blob.size > (options.oneShotLimit ?? ONE_SHOT_LIMIT)) return null;
    const result = importText(await blob.text(), name);
    return result.ok ? null : result;
  };

  // 1. Sniff the format from the first bytes.
  const prefixBytes = whole ? whole.subarray(0, PREFIX_BYTES) : new Uint8Array(await blob.slice(0, PREFIX_BYTES).arrayBuffer());
  const prefix = new TextDecoder().decode(prefixBytes);
  if (prefix.trim() === '') return failure(name, 'the file is empty', { offset: 0, line: 1, column: 1 });
  const skeleton = jsonSkeleton(prefix);
  if (!skeleton) return (await oneShotFailure()) ?? prefixFailure(name, prefixBytes);
  const detection = detectFormat(skeleton.value);
  if (detection.kind !== 'format') return (await oneShotFailure()) ?? failure(name, detection.message);
  const format = detection.format;
  const locator = locatorFor(format);
  const lineDelimited = skeleton.multiDocument;

  const groups: string[] = [];
  const groupIds = new Map<string, number>();
  const groupId = (group: string) => {
    let id = groupIds.get(group);
    if (id === undefined) {
      id = groups.length;
      groups.push(group);
      groupIds.set(group, id);
    }
    return id;
  };
  const warnings: Warning[] = [];
  const pendingRows: Array<{ row: number; group: string }> = [];
  const referenceRows: Array<{ row: number; group: string; references: Array<{ kind: 'child_of' | 'follows_from'; spanId: string }> }> = [];
  let goodDocs = 0;
  let badDocs = 0;

  // Captured spans wait here as bytes and are parsed together.
  let batch = new Uint8Array(BATCH_BYTES + 1024);
  let batchLength = 0;
  let batchItems: PendingSpan[] = [];
  const encoder = new TextEncoder();
  const comma = encoder.encode(',');

  function addToBatch(bytes: Uint8Array, item: PendingSpan): void {
    const need = batchLength + bytes.length + 2;
    if (need > batch.length) {
      const bigger = new Uint8Array(Math.max(need, batch.length * 2));
      bigger.set(batch.subarray(0, batchLength));
      batch = bigger;
    }
    if (batchItems.length) batch.set(comma, batchLength++);
    batch.set(bytes, batchLength);
    batchLength += bytes.length;
    batchItems.push(item);
  }

  function flush(): void {
    if (batchItems.length === 0) return;
    const text = `[${new TextDecoder().decode(batch.subarray(0, batchLength))}]`;
    let values: unknown[];
    try {
      values = JSON.parse(text) as unknown[];
    } catch {
      throw locateInBatch();
    }
    values.forEach((raw, k) => {
      const item = batchItems[k] as PendingSpan;
      const converted = locator.convert(raw, item.group, () => pathText(item.path));
      if (!converted) return;
      for (const w of converted.warnings ?? []) warnings.push(w);
      converted.spans.forEach((span, half) => {
        const row = table.append(
          span,
          { file: fileIndex, byteStart: item.start.offset, byteLength: item.length, context: groupId(item.group) * 4 + half },
        );
        if (converted.pending) pendingRows.push({ row, group: item.group });
        if (converted.references) referenceRows.push({ row, group: item.group, references: converted.references });
      });
    });
    batchLength = 0;
    batchItems = [];
  }

  /** A batch failed to parse: find the span and the exact place. */
  function locateInBatch(): JsonScanError {
    const decoder = new TextDecoder();
    let at = 0;
    for (const item of batchItems) {
      const bytes = batch.subarray(at, at + item.length);
      at += item.length + 1;
      const text = decoder.decode(bytes);
      const located = locateJsonError(text);
      if (!located) continue;
      let line = item.start.line;
      let column = item.start.column;
      for (let i = 0; i < located.offset; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          column = 1;
        } else column++;
      }
      return new JsonScanError(located.message, { offset: item.start.offset + located.offset, line, column });
    }
    return new JsonScanError('a span is not valid JSON', item0(batchItems));
  }

  async function scan(pass: ScanPass): Promise<void> {
    let docHadError = -1;
    const scanner = new JsonScanner(
      {
        enter: (path: readonly PathSegment[], _doc: number, type) => locator.decide(path, type, pass),
        captured(path, doc, bytes, start) {
          const info = locator.classify(path, doc);
          if (info.kind === 'context') {
            let value: unknown;
            try {
              value = JSON.parse(new TextDecoder().decode(bytes));
            } catch {
              const located = locateJsonError(new TextDecoder().decode(bytes));
              throw new JsonScanError(located?.message ?? 'not valid JSON', start);
            }
            if (pass === 'context' || !locator.contextPass) locator.addContext(info.group, path, value);
            return;
          }
          addToBatch(bytes, { start, length: bytes.length, group: info.group, path: path.slice(), doc });
          if (batchLength >= BATCH_BYTES && !lineDelimited) flush();
        },
        documentEnd(doc) {
          if (doc !== docHadError && pass === 'spans') goodDocs++;
          if (lineDelimited && batchLength >= BATCH_BYTES) flush();
        },
      },
      lineDelimited,
    );
    let read = 0;
    let lastYield = performance.now();
    for await (const chunk of chunks(blob, options.chunkBytes, whole)) {
      // Reading a Blob resolves on microtasks; yield now and then so that
      // messages (cancel, a span's details) are heard while a big file loads.
      if (performance.now() - lastYield > 50) {
        await new Promise((resolveLater) => setTimeout(resolveLater, 0));
        lastYield = performance.now();
      }
      if (options.cancelled?.()) throw new CancelledError();
      let rest = chunk;
      for (;;) {
        try {
          scanner.push(rest);
          break;
        } catch (error) {
          if (!(error instanceof JsonScanError) || !lineDelimited) throw error;
          // JSON Lines: report the broken line, drop what it held, go on with the next line.
          const broken = scanner.documents;
          if (pass === 'spans') {
            badDocs++;
            const { line, column } = error.position;
            warnings.push({ code: 'invalid-value', message: `${name}:${line}:${column}: line skipped, not valid JSON: ${error.message}` });
            const keep = batchItems.filter((item) => item.doc !== broken);
            if (keep.length !== batchItems.length) rebuildBatch(keep);
          }
          docHadError = broken;
          const within = error.position.offset - scanner.chunkOffset;
          scanner.recoverAt(error.position.offset);
          rest = rest.subarray(Math.max(0, within));
        }
      }
      read += chunk.length;
      options.progress?.(read, blob.size, table.count - firstRow);
    }
    scanner.end();
  }

  function rebuildBatch(keep: PendingSpan[]): void {
    // Re-pack the batch without the dropped spans (rare: a broken JSON line).
    const old = batch.slice(0, batchLength);
    const items = batchItems;
    batchLength = 0;
    batchItems = [];
    let at = 0;
    for (const item of items) {
      const bytes = old.subarray(at, at + item.length);
      at += item.length + 1;
      if (keep.includes(item)) addToBatch(bytes, item);
    }
  }

  try {
    if (locator.contextPass) await scan('context');
    await scan('spans');
    flush();
    if (options.cancelled?.()) throw new CancelledError();
  } catch (error) {
    table.truncate(firstRow);
    if (error instanceof CancelledError) return { ...failure(name, 'import cancelled'), cancelled: true };
    if (error instanceof JsonScanError) {
      return (await oneShotFailure()) ?? failure(name, error.message, error.position);
    }
    throw error;
  }
  if (lineDelimited && goodDocs === 0 && badDocs > 0) {
    table.truncate(firstRow);
    return (await oneShotFailure()) ?? failure(name, 'no line of this JSON Lines file is valid JSON');
  }

  // 2. Settle what depended on the whole file: late context, and Jaeger parents.
  for (const { row, group } of pendingRows) {
    const resolved = locator.resolve?.(group);
    if (!resolved) continue;
    const { service, host } = resolved;
    table.serviceIndex[row] = table.services.id(service);
    table.hostIndex[row] = table.hosts.id(host || service);
  }
  if (referenceRows.length) {
    const idsByGroup = new Map<string, Set<string>>();
    for (let row = firstRow; row < table.count; row++) {
      const group = groups[(table.context[row] as number) >> 2] as string;
      let ids = idsByGroup.get(group);
      if (!ids) idsByGroup.set(group, (ids = new Set()));
      ids.add(table.spanIds[row] as string);
    }
    for (const { row, group, references } of referenceRows) {
      const ids = idsByGroup.get(group);
      table.parentIds[row] = chooseParent(references, (id) => ids?.has(id) ?? false);
    }
  }
  const rowCount = table.count - firstRow;
  const fileWarnings = [...locator.fileWarnings(), ...warnings];
  if (rowCount === 0) {
    return failure(name, `${FORMAT_LABELS[format]} with no spans in it${fileWarnings[0] ? ` (${fileWarnings[0].message})` : ''}`);
  }
  return { ok: true, name, format, blob, locator, groups, warnings: fileWarnings, firstRow, rowCount };
}

/** The start of the file is not JSON: validate it with the scanner to say exactly where. */
function prefixFailure(name: string, prefix: Uint8Array): ImportFailure {
  const scanner = new JsonScanner({ enter: () => 'descend', captured: () => undefined, documentEnd: () => undefined });
  try {
    scanner.push(prefix);
  } catch (error) {
    if (error instanceof JsonScanError) return failure(name, error.message, error.position);
  }
  return failure(name, 'not valid JSON: the start of the file is not a JSON document');
}

function item0(items: PendingSpan[]): ScanPosition {
  return items[0]?.start ?? { offset: 0, line: 1, column: 1 };
}
