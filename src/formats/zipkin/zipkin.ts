// Zipkin API v2 JSON: an array of spans, or an array of traces (arrays of spans).
// Supported: kind (absent = a local span), shared client/server halves with one
// id, annotations as events, local and remote endpoints (IPv4/IPv6/port), 64-
// and 128-bit ids, the `error` tag. Times are epoch µs numbers.
// Spec: openzipkin/zipkin-api `zipkin2-api.yaml`; FORMATS.md §3.
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import { stringAttr } from '../../model/attributes';
import type { Attribute, SpanStatus, Warning, WireSpan } from '../../model/trace';
import {
  asArray,
  asNumber,
  asString,
  HTTP_STATUS_KEYS,
  isObject,
  newWireSpan,
  spanKindFromText,
  notASpan,
  warning,
  type JsonObject,
  type ParseResult,
} from '../wire';
import { lazyText, type Converted, type LeanSpec, type StreamLocator } from '../../import/stream-locator';
import { recordsReader } from '../../import/wasm-rows';
import { rowOfRecord, zipkinRowReader } from './zipkin-rows';
import { statusFromTags } from './zipkin-status';
import type { SpanRow } from '../../model/wire-span';

/**
 * The entries of a flat span list or a list of traces, each with its JSON
 * path; a single span object (not in a list, as Zipkin's own benchmark files
 * are) is a list of one. Entries that are not objects are returned too: they
 * are reported, not dropped silently.
 */
export function zipkinSpanObjects(value: unknown): Array<{ raw: unknown; path: string }> {
  const out: Array<{ raw: unknown; path: string }> = [];
  if (isObject(value)) return [{ raw: value, path: '' }];
  asArray(value).forEach((item, i) => {
    if (Array.isArray(item)) item.forEach((raw, j) => out.push({ raw, path: `[${i}][${j}]` }));
    else out.push({ raw: item, path: `[${i}]` });
  });
  return out;
}

export function parseZipkin(value: unknown): ParseResult {
  const spans: WireSpan[] = [];
  const warnings: Warning[] = [];
  for (const { raw, path } of zipkinSpanObjects(value)) {
    if (!isObject(raw)) {
      warnings.push(notASpan(path, raw));
      continue;
    }
    const span = parseSpan(raw, path);
    if (span) spans.push(span);
    else warnings.push(rejectedSpan(path));
  }
  return { spans, warnings };
}

export function endpointAttributes(endpoint: unknown, prefix: 'local' | 'remote'): Attribute[] {
  if (!isObject(endpoint)) return [];
  const out: Attribute[] = [];
  const service = asString(endpoint.serviceName);
  if (prefix === 'remote' && service) out.push(stringAttr('peer.service', service));
  if (prefix === 'local' && service) out.push(stringAttr('service.name', service));
  const ip = asString(endpoint.ipv4) || asString(endpoint.ipv6);
  const base = prefix === 'local' ? 'host.ip' : 'network.peer.address';
  if (ip) out.push(stringAttr(base, ip));
  const port = asNumber(endpoint.port);
  if (port !== null)
    out.push({
      key: prefix === 'local' ? 'host.port' : 'network.peer.port',
      value: { type: 'int', value: String(port) },
    });
  return out;
}

export function endpointHost(endpoint: unknown, service: string): string {
  if (!isObject(endpoint)) return service;
  return asString(endpoint.ipv4) || asString(endpoint.ipv6) || service;
}

const NO_TAGS: JsonObject = {};
/** A span read well adds no file warning (shared: read, never changed). */
const NO_FILE_WARNINGS: Warning[] = [];

/**
 * What the columns need of one span: no attribute list, only the tags that
 * decide status (the remote endpoint's attributes never do).
 */
function spanRow(raw: JsonObject, path: string): { row: SpanRow; status: SpanStatus } | null {
  const traceId = normalizeTraceId(asString(raw.traceId));
  const spanId = normalizeSpanId(asString(raw.id));
  if (!traceId || !spanId) return null;
  const warnings: Warning[] = [];
  const local = isObject(raw.localEndpoint) ? raw.localEndpoint : {};
  const service = asString(local.serviceName) || 'unknown_service';
  const startUs = asNumber(raw.timestamp);
  const durationUs = asNumber(raw.duration);
  if (startUs === null)
    warnings.push(warning('missing-field', `${path}.timestamp: missing; the span is placed at the trace start`));
  if (durationUs === null) warnings.push(warning('missing-field', `${path}.duration: missing; shown as 0`));
  // Zipkin has no kind for local spans: they are in-process work.
  const kind = raw.kind === undefined ? 'internal' : spanKindFromText(asString(raw.kind));
  const status = statusFromTags(kind, isObject(raw.tags) ? raw.tags : NO_TAGS);
  const row: SpanRow = {
    traceId,
    spanId,
    parentSpanId: normalizeSpanId(asString(raw.parentId)),
    name: asString(raw.name),
    service,
    host: endpointHost(local, service),
    kind,
    startUs: startUs ?? 0,
    durationUs: durationUs !== null && durationUs > 0 ? durationUs : 0,
    status: status.code,
    shared: raw.shared === true,
    eventTimesUs: asArray(raw.annotations)
      .filter(isObject)
      .map((a) => asNumber(a.timestamp) ?? startUs ?? 0),
    warnings,
  };
  return { row, status };
}

function parseSpan(raw: JsonObject, path: string): WireSpan | null {
  const core = spanRow(raw, path);
  if (!core) return null;
  const { row } = core;
  const tags: Attribute[] = [];
  if (isObject(raw.tags)) for (const [key, v] of Object.entries(raw.tags)) tags.push(stringAttr(key, asString(v)));
  const attributes = [...tags, ...endpointAttributes(raw.remoteEndpoint, 'remote')];
  const local = isObject(raw.localEndpoint) ? raw.localEndpoint : {};
  return newWireSpan({
    ...row,
    status: core.status,
    attributes,
    resource: endpointAttributes(local, 'local'),
    events: asArray(raw.annotations)
      .filter(isObject)
      .map((a, k) => ({ timeUs: row.eventTimesUs[k] ?? row.startUs, name: asString(a.value), attributes: [] })),
    warnings: [...row.warnings],
  });
}

/** One span object as rows (for the columns) and as full spans (for details). */
export interface ZipkinConversion {
  /** The member `rows` reads only a few entries of (StreamLocator.lean). */
  lean?: LeanSpec;
  rows(raw: JsonObject, path: string): SpanRow[];
  spans(raw: JsonObject, path: string): WireSpan[];
}

/** The tags the row reads (for the status). */
const V2_KEY_TAGS: readonly string[] = ['error', ...HTTP_STATUS_KEYS];

const v2Conversion: ZipkinConversion = {
  lean: { member: 'tags', wanted: V2_KEY_TAGS },
  rows: (raw, path) => {
    const core = spanRow(raw, path);
    return core ? [core.row] : [];
  },
  spans: (raw, path) => {
    const span = parseSpan(raw, path);
    return span ? [span] : [];
  },
};

/** The warning for a span that lacks an id. */
export function rejectedSpan(path: string): Warning {
  return warning('rejected-span', `${path}: span needs traceId and id; skipped`);
}

/** One span's answer to the engine: its rows, or the warning for a span without both ids (worded only then). */
function convertedRows(rows: SpanRow[], pathOf: () => string): Converted {
  return {
    spans: rows,
    pending: false,
    references: null,
    warnings: rows.length ? NO_FILE_WARNINGS : [rejectedSpan(pathOf())],
  };
}

/** Streaming: spans at `[i]`, or `[i][j]` in a list of traces. No context. */
export function zipkinLocator(conversion: ZipkinConversion = v2Conversion): StreamLocator {
  const convert: StreamLocator['convert'] = (raw, _group, pathOf) => {
    const path = lazyText(pathOf);
    if (!isObject(raw)) return { spans: [], pending: false, references: null, warnings: [notASpan(String(path), raw)] };
    return convertedRows(conversion.rows(raw, path), pathOf);
  };
  // Zipkin v2 rows straight from the spans' bytes where WebAssembly runs (zipkin-rows.ts).
  const reader = conversion === v2Conversion ? zipkinRowReader(V2_KEY_TAGS) : null;
  return {
    contextPass: false,
    lean: conversion.lean,
    decide(path, type) {
      // Object elements of both lists are spans: captured in runs. A single span object is captured whole.
      // Other entries are captured too, so that each is reported in its place (convert words it).
      if (path.length === 0) return type === 'array' ? 'each' : type === 'object' ? 'capture' : 'skip';
      if (path.length === 1) return type === 'array' ? 'each' : 'capture';
      return path.length === 2 ? 'capture' : 'skip';
    },
    classify: () => ({ kind: 'span', group: '' }),
    addContext: () => undefined,
    rows: reader
      ? recordsReader(reader, (read, k, _group, pathOf) => {
          // Straight from the record, no span object in between (zipkin-rows.ts makes the row spanRow makes).
          const row = rowOfRecord(read, k, V2_KEY_TAGS);
          return convertedRows(row ? [row] : [], pathOf);
        })
      : undefined,
    convert,
    details(raw, _group, _parent, half) {
      return isObject(raw) ? (conversion.spans(raw, '')[half] ?? null) : null;
    },
    fileWarnings: () => [],
  };
}
