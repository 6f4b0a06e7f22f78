// The only module that knows every format. Detection is by content alone,
// never by file name (FORMATS.md §0, sniffing order).
import type { FormatName, Warning, WireSpan } from '../model/trace';
import { isJaegerSpan, isJaegerSpanList, jaegerLocator, parseJaeger } from './jaeger/jaeger';
import { readJsonText, textProblem } from '../import/json-text';
import { otlpResourceSpans, parseOtlp } from './otlp/otlp';
import { otlpLocator } from './otlp/otlp-locator';
import { looksBinary, otlpProtoFileAsJson } from './otlp/otlp-proto';
import { describeTopLevel, isObject, warning, type ParseResult } from './wire';
import { parseZipkin, zipkinLocator } from './zipkin/zipkin';
import { isZipkinV1Span, parseZipkinV1, zipkinV1Locator } from './zipkin/zipkin-v1';
import type { StreamLocator } from '../import/stream-locator';
import { capWarnings } from '../model/warnings';

export const FORMAT_LABELS: Record<FormatName, string> = {
  jaeger: 'Jaeger JSON',
  zipkin: 'Zipkin v2 JSON',
  'zipkin-v1': 'Zipkin v1 JSON',
  otlp: 'OTLP/JSON',
};

const TRIED =
  'Jaeger JSON ({data:[…]}, a trace, an array of traces), Zipkin v2 and v1 JSON (an array of spans or of traces), ' +
  'OTLP/JSON (resourceSpans, Tempo batches, Jaeger v3 result)';

export type Detection =
  | { kind: 'format'; format: FormatName }
  | { kind: 'unsupported'; message: string }
  | { kind: 'unknown'; message: string };

function firstItem(list: unknown[]): unknown {
  for (const item of list) if (item !== null && item !== undefined) return item;
  return undefined;
}

export function detectFormat(value: unknown): Detection {
  if (otlpResourceSpans(value)) return { kind: 'format', format: 'otlp' };
  if (isObject(value)) {
    const data = value.data;
    if (Array.isArray(data) && (data.length === 0 || isJaegerTrace(firstItem(data))))
      return { kind: 'format', format: 'jaeger' };
    if (isJaegerTrace(data) || isJaegerTrace(value)) return { kind: 'format', format: 'jaeger' };
    // One Zipkin span on its own (Zipkin's benchmark files are like that).
    if ('traceId' in value && 'id' in value)
      return { kind: 'format', format: isZipkinV1Span(value) ? 'zipkin-v1' : 'zipkin' };
    if (Array.isArray(value.traces) && isObject(value.traces[0]) && 'rootServiceName' in value.traces[0]) {
      return {
        kind: 'unsupported',
        message: 'this is a Tempo search response: it lists trace summaries, not spans. Open a trace by id instead.',
      };
    }
    if (Array.isArray(value.summaries)) {
      return {
        kind: 'unsupported',
        message: 'this is a Jaeger v3 trace summary list: it holds no spans. Open a trace by id instead.',
      };
    }
    if (Array.isArray(value.traceEvents)) {
      return {
        kind: 'unsupported',
        message:
          'this is a Chrome trace-event profile (traceEvents), not a distributed trace; open it in Perfetto or speedscope.',
      };
    }
  }
  if (Array.isArray(value)) {
    const first = firstItem(value);
    if (value.length === 0) return { kind: 'unknown', message: 'the file holds an empty array: no spans to show' };
    if (otlpResourceSpans(first)) return { kind: 'format', format: 'otlp' };
    const probe = Array.isArray(first) ? firstItem(first) : first;
    if (isZipkinV1Span(probe)) return { kind: 'format', format: 'zipkin-v1' };
    if (isObject(probe) && 'traceId' in probe && 'id' in probe) return { kind: 'format', format: 'zipkin' };
    if (isJaegerTrace(probe)) return { kind: 'format', format: 'jaeger' };
    if (!Array.isArray(first) && isJaegerSpan(first)) return { kind: 'format', format: 'jaeger' };
    if (isObject(probe) && 'ph' in probe && 'ts' in probe) {
      return {
        kind: 'unsupported',
        message: 'this is a Chrome trace-event profile, not a distributed trace; open it in Perfetto or speedscope.',
      };
    }
    if (isObject(probe) && typeof probe.trace_id === 'number') {
      return {
        kind: 'unsupported',
        message: 'this looks like Datadog agent JSON (numeric trace_id), which Skein does not read yet.',
      };
    }
  }
  return { kind: 'unknown', message: `no known trace format. Tried ${TRIED}; found ${describeTopLevel(value)}.` };
}

function isJaegerTrace(value: unknown): boolean {
  return isObject(value) && Array.isArray(value.spans) && ('traceID' in value || 'processes' in value);
}

export function parseAs(format: FormatName, value: unknown): ParseResult {
  switch (format) {
    case 'jaeger':
      return parseJaeger(value);
    case 'zipkin':
      return parseZipkin(value);
    case 'zipkin-v1':
      return parseZipkinV1(value);
    case 'otlp':
      return parseOtlp(value);
  }
}

/**
 * The streaming importer's view of a format: where its spans and context are.
 * `contextPass`: read context in a first pass (only Jaeger has a choice: see jaegerLocator).
 * `spanList`: the file is a bare list of spans, not of traces (Jaeger; see isSpanList).
 */
export function locatorFor(
  format: FormatName,
  options: { contextPass?: boolean; spanList?: boolean } = {},
): StreamLocator {
  switch (format) {
    case 'jaeger':
      return jaegerLocator(options);
    case 'zipkin':
      return zipkinLocator();
    case 'zipkin-v1':
      return zipkinV1Locator();
    case 'otlp':
      return otlpLocator();
  }
}

/** Whether a file of this format, starting like `sample`, is a bare list of spans (Jaeger's anonymizer writes them). */
export function isSpanList(format: FormatName, sample: unknown): boolean {
  return format === 'jaeger' && isJaegerSpanList(sample);
}

export interface ImportedFile {
  ok: true;
  fileName: string;
  format: FormatName;
  spans: WireSpan[];
  warnings: Warning[];
}

export interface ImportFailure {
  ok: false;
  fileName: string;
  /** One sentence saying what is wrong and where, for the error banner. */
  message: string;
  line?: number;
  column?: number;
  /** The person stopped the import: not a problem to report. */
  cancelled?: boolean;
}

/** Text of one file → spans of every trace in it, or a message saying what is wrong and where. */
export function importText(text: string, fileName: string): ImportedFile | ImportFailure {
  const read = readJsonText(text);
  if (!read.ok) {
    const { line, column, message } = read.problem;
    return { ok: false, fileName, line, column, message: textProblem(fileName, line, column, message) };
  }
  const warnings: Warning[] = read.problems.map((p) =>
    warning('invalid-value', textProblem(fileName, p.line, p.column, p.message, true)),
  );
  const spans: WireSpan[] = [];
  let format: FormatName | null = null;
  let firstFailure: string | null = null;
  for (const doc of read.documents) {
    const detection = detectFormat(doc.value);
    if (detection.kind !== 'format') {
      const where = read.documents.length > 1 ? `${fileName}:${doc.line}` : fileName;
      if (read.documents.length > 1) warnings.push(warning('unsupported', `${where}: ${detection.message}`));
      firstFailure ??= `${where}: ${detection.message}`;
      continue;
    }
    format ??= detection.format;
    const parsed = parseAs(detection.format, doc.value);
    for (const span of parsed.spans) spans.push(span);
    for (const w of parsed.warnings) warnings.push(w);
  }
  if (format === null) return { ok: false, fileName, message: firstFailure ?? `${fileName}: no trace found` };
  if (spans.length === 0) {
    return {
      ok: false,
      fileName,
      message: `${fileName}: ${FORMAT_LABELS[format]} with no spans in it${warnings[0] ? ` (${warnings[0].message})` : ''}`,
    };
  }
  return { ok: true, fileName, format, spans, warnings: capWarnings(warnings) };
}

/** Whether a file's first bytes are binary, not text (OTLP protobuf is the one binary format read). */
export const isBinary = looksBinary;

/** A binary trace file as the JSON text the streaming importer reads, in pieces, or what is wrong with it. */
export function binaryAsJson(bytes: Uint8Array): { pieces: string[] } | { message: string } {
  return otlpProtoFileAsJson(bytes);
}
