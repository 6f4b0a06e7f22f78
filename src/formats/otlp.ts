// OTLP/JSON traces (ExportTraceServiceRequest / TracesData), and the shapes
// that wrap it: Tempo's `{batches:[…]}` and `{trace:{resourceSpans}}` (with
// base64 ids and enum names), Jaeger v3's `{result:{resourceSpans}}`.
// Supported: resourceSpans → scopeSpans (and the legacy
// instrumentationLibrarySpans); hex or base64 ids; nanosecond times as strings
// or numbers, through BigInt once, here; kind and status as numbers or enum
// names; every AnyValue (arrays, kvlist, bytes, int as a string); events;
// links; dropped counts. JSON Lines files arrive here one document at a time.
// Spec: open-telemetry/opentelemetry-proto `docs/specification.md` (JSON
// encoding) and `opentelemetry/proto/trace/v1/trace.proto`; FORMATS.md §4–5.
import { normalizeSpanId, normalizeTraceId } from '../model/ids';
import { findAttr } from '../model/attributes';
import type { Attribute, AttrValue, DroppedCounts, Scope, SpanKind, SpanStatus, Warning, WireSpan } from '../model/trace';
import type { SpanRow } from '../model/wire-span';
import { asArray, asNumber, asString, HTTP_STATUS_KEYS, isObject, newWireSpan, warning, withHttpStatus, type JsonObject, type ParseResult } from './wire';
import type { PathSegment } from './json-scan';
import { FIELD, otlpRowReader, RECORD, type ReadSpans } from './otlp-rows';
import type { Converted, StreamLocator } from './stream-locator';

/** The ResourceSpans list of any accepted wrapper, or null when `value` is not OTLP-shaped. */
export function otlpResourceSpans(value: unknown): { list: unknown[]; where: string } | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value.resourceSpans)) return { list: value.resourceSpans, where: 'resourceSpans' };
  if (Array.isArray(value.batches)) return { list: value.batches, where: 'batches' };
  if (isObject(value.trace) && Array.isArray(value.trace.resourceSpans)) return { list: value.trace.resourceSpans, where: 'trace.resourceSpans' };
  if (isObject(value.result) && Array.isArray(value.result.resourceSpans)) return { list: value.result.resourceSpans, where: 'result.resourceSpans' };
  return null;
}

const KIND_BY_NUMBER: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function parseOtlp(value: unknown): ParseResult {
  const spans: WireSpan[] = [];
  const warnings: Warning[] = [];
  const documents = Array.isArray(value) ? value : [value];
  documents.forEach((doc, docIndex) => {
    const found = otlpResourceSpans(doc);
    if (!found) return;
    const prefix = Array.isArray(value) ? `[${docIndex}].` : '';
    if (isObject(doc) && asString(doc.status).toUpperCase() === 'PARTIAL') {
      warnings.push(warning('partial-trace', `the backend returned a partial trace${doc.message ? `: ${asString(doc.message)}` : ''}`));
    }
    found.list.forEach((rs, rsIndex) => {
      if (!isObject(rs)) return;
      parseResourceSpans(rs, `${prefix}${found.where}[${rsIndex}]`, spans, warnings);
    });
  });
  return { spans, warnings };
}

function parseResourceSpans(rs: JsonObject, path: string, spans: WireSpan[], warnings: Warning[]): void {
  const resource = isObject(rs.resource) ? parseAttributes(rs.resource.attributes) : [];
  const serviceValue = findAttr(resource, 'service.name');
  const service = serviceValue?.type === 'string' && serviceValue.value ? serviceValue.value : 'unknown_service';
  const host = textOf(findAttr(resource, 'host.name')) || textOf(findAttr(resource, 'service.instance.id')) || service;
  const scopeLists: Array<[unknown, string]> = [];
  asArray(rs.scopeSpans).forEach((s, i) => scopeLists.push([s, `${path}.scopeSpans[${i}]`]));
  asArray(rs.instrumentationLibrarySpans).forEach((s, i) => scopeLists.push([s, `${path}.instrumentationLibrarySpans[${i}]`]));
  for (const [ss, ssPath] of scopeLists) {
    if (!isObject(ss)) continue;
    const rawScope = isObject(ss.scope) ? ss.scope : isObject(ss.instrumentationLibrary) ? ss.instrumentationLibrary : null;
    const scope: Scope | null = rawScope ? { name: asString(rawScope.name), version: asString(rawScope.version) } : null;
    asArray(ss.spans).forEach((raw, i) => {
      const spanPath = `${ssPath}.spans[${i}]`;
      if (!isObject(raw)) {
        warnings.push(warning('rejected-span', `${spanPath}: expected a span object`));
        return;
      }
      const span = parseSpan(raw, spanPath, { service, host, resource, scope });
      if (span) spans.push(span);
      else warnings.push(warning('rejected-span', `${spanPath}: span needs traceId and spanId; skipped`));
    });
  }
}

function textOf(value: AttrValue | undefined): string {
  if (value === undefined || value.type === 'array' || value.type === 'kvlist' || value.type === 'empty') return '';
  return String(value.value);
}

/** Nanoseconds as a decimal string (or a number, already rounded by JSON.parse) → BigInt. */
export function parseNanos(value: unknown): bigint | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? BigInt(Math.round(value)) : null;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return null;
  return BigInt(value.trim());
}

/**
 * Epoch ns as [whole µs, remaining ns], exact. A decimal string is split at its
 * last three digits, which needs no BigInt while the µs part is a safe integer
 * (until the year 2255); longer strings and numbers go through BigInt.
 */
export function nanosSplit(value: unknown): [number, number] | null {
  if (typeof value === 'string') {
    const n = value.length;
    if (n > 3 && n <= 19) {
      // Digits straight into the two parts: exact while the µs part stays a safe integer (checked after).
      let us = 0;
      let ns = 0;
      let i = 0;
      for (; i < n; i++) {
        const d = value.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9) break;
        if (i < n - 3) us = us * 10 + d;
        else ns = ns * 10 + d;
      }
      if (i === n && us <= Number.MAX_SAFE_INTEGER) return [us, ns];
    }
  }
  const ns = parseNanos(value);
  return ns === null ? null : [Number(ns / 1000n), Number(ns % 1000n)];
}

/**
 * Epoch ns → epoch µs as a float64. Epoch µs keep about 0.25 µs of precision in
 * a float64, so absolute starts round to that; durations are taken from the
 * BigInt difference and stay exact to the nanosecond.
 */
export function nanosToMicros(value: unknown): number | null {
  const ns = parseNanos(value);
  return ns === null ? null : Number(ns / 1000n) + Number(ns % 1000n) / 1000;
}

interface ResourceContext {
  service: string;
  host: string;
  resource: Attribute[];
  scope: Scope | null;
}

/** The HTTP status among raw OTLP attributes, without building them. */
function rawHttpStatus(attributes: unknown): number | null {
  if (!Array.isArray(attributes)) return null;
  for (const key of HTTP_STATUS_KEYS) {
    for (const kv of attributes) {
      if (!isObject(kv) || kv.key !== key || !isObject(kv.value)) continue;
      const v = kv.value;
      const n = asNumber(v.intValue ?? v.stringValue ?? v.doubleValue);
      if (n !== null) return n;
    }
  }
  return null;
}

/** What a row holds when there is nothing: shared, never changed (a span file has a row per span). */
const NO_WARNINGS: readonly Warning[] = Object.freeze([]);
const NO_EVENTS: readonly number[] = Object.freeze([]);

/**
 * What the columns need of one span, read straight from the parsed JSON:
 * ids, times, kind, status (with the HTTP 5xx rule), event times, warnings.
 * The full converter below builds on it, so both agree by construction. It
 * runs once per span of a file: no object it does not return. `path` words
 * the span's place, only for warnings.
 */
function spanRow(raw: JsonObject, path: () => string, ctx: ResourceContext): SpanRow | null {
  const traceId = normalizeTraceId(asString(raw.traceId));
  const spanId = normalizeSpanId(asString(raw.spanId));
  if (!traceId || !spanId) return null;
  let warnings: Warning[] | null = null;
  const startNs = nanosSplit(raw.startTimeUnixNano);
  const endNs = nanosSplit(raw.endTimeUnixNano);
  const startUs = startNs === null ? null : startNs[0] + startNs[1] / 1000;
  if (startUs === null || startUs === 0) {
    (warnings ??= []).push(warning('missing-field', `${path()}.startTimeUnixNano: missing or not a number (${JSON.stringify(raw.startTimeUnixNano)}); the span is placed at the trace start`));
  }
  if (endNs === null) (warnings ??= []).push(warning('missing-field', `${path()}.endTimeUnixNano: missing or not a number; duration shown as 0`));
  // Whole nanoseconds between start and end, exact, divided once (as Number(end - start) / 1000 would be).
  const spanNs = startNs !== null && endNs !== null ? (endNs[0] - startNs[0]) * 1000 + (endNs[1] - startNs[1]) : 0;
  const durationUs = spanNs > 0 ? spanNs / 1000 : 0;
  if (spanNs < 0) {
    (warnings ??= []).push(warning('invalid-value', `${path()}: endTimeUnixNano is before startTimeUnixNano; duration shown as 0`));
  }
  const kind = parseKind(raw.kind);
  const dropped = droppedCounts(raw);
  if (dropped) {
    (warnings ??= []).push(warning('dropped-data', `the SDK dropped ${dropped.attributes} attributes, ${dropped.events} events and ${dropped.links} links of this span`));
  }
  let status = statusCode(raw.status);
  if (status === 'unset' && kind === 'server') {
    const http = rawHttpStatus(raw.attributes);
    if (http !== null && http >= 500) status = 'error';
  }
  let eventTimesUs: readonly number[] = NO_EVENTS;
  if (Array.isArray(raw.events) && raw.events.length) {
    const times: number[] = [];
    for (const e of raw.events) {
      if (!isObject(e)) continue;
      const at = nanosSplit(e.timeUnixNano);
      times.push(at ? at[0] + at[1] / 1000 : (startUs ?? 0));
    }
    eventTimesUs = times;
  }
  return {
    traceId,
    spanId,
    parentSpanId: normalizeSpanId(asString(raw.parentSpanId)),
    name: asString(raw.name),
    service: ctx.service,
    host: ctx.host,
    kind,
    startUs: startUs ?? 0,
    durationUs,
    status,
    shared: false,
    eventTimesUs,
    warnings: warnings ?? NO_WARNINGS,
  };
}

function noIds(path: () => string): Warning {
  return warning('rejected-span', `${path()}: span needs traceId and spanId; skipped`);
}

/**
 * Span k of a batch read without JSON.parse (otlp-rows.ts), as spanRow reads
 * the same span parsed: the module reads only spans that need no warning.
 */
function rowOf({ records, strings, events }: ReadSpans, k: number, ctx: ResourceContext): SpanRow | null {
  const at = k * RECORD;
  const traceId = normalizeTraceId(stringAt(records, strings, at + FIELD.trace));
  const spanId = normalizeSpanId(stringAt(records, strings, at + FIELD.span));
  if (!traceId || !spanId) return null;
  const start = records[at + FIELD.start] as number;
  const startRest = records[at + FIELD.start + 1] as number;
  const spanNs = ((records[at + FIELD.end] as number) - start) * 1000 + ((records[at + FIELD.end + 1] as number) - startRest);
  const kindNumber = records[at + FIELD.kind] as number;
  const kind = kindNumber < 0 ? 'unspecified' : (KIND_BY_NUMBER[kindNumber] ?? 'unspecified');
  const code = records[at + FIELD.status] as number;
  let status: SpanStatus['code'] = code === 2 ? 'error' : code === 1 ? 'ok' : 'unset';
  if (status === 'unset' && kind === 'server' && (records[at + FIELD.http] as number) >= 500) status = 'error';
  let eventTimesUs: readonly number[] = NO_EVENTS;
  const firstEvent = records[at + FIELD.events] as number;
  const eventEnd = firstEvent + (records[at + FIELD.events + 1] as number);
  if (eventEnd > firstEvent) {
    const times: number[] = [];
    for (let e = firstEvent; e < eventEnd; e++) times.push((events[2 * e] as number) + (events[2 * e + 1] as number) / 1000);
    eventTimesUs = times;
  }
  return {
    traceId,
    spanId,
    parentSpanId: normalizeSpanId(stringAt(records, strings, at + FIELD.parent)),
    name: stringAt(records, strings, at + FIELD.name),
    service: ctx.service,
    host: ctx.host,
    kind,
    startUs: start + startRest / 1000,
    durationUs: spanNs > 0 ? spanNs / 1000 : 0,
    status,
    shared: false,
    eventTimesUs,
    warnings: NO_WARNINGS,
  };
}

/** The string whose index is at `field` of the records ('' for -1: absent). */
function stringAt(records: Float64Array, strings: readonly string[], field: number): string {
  const index = records[field] as number;
  return index < 0 ? '' : (strings[index] as string);
}

/** The SDK's dropped counts, or null when it dropped nothing. */
function droppedCounts(raw: JsonObject): DroppedCounts | null {
  const attributes = asNumber(raw.droppedAttributesCount) ?? 0;
  const events = asNumber(raw.droppedEventsCount) ?? 0;
  const links = asNumber(raw.droppedLinksCount) ?? 0;
  return attributes + events + links > 0 ? { attributes, events, links } : null;
}

function parseSpan(raw: JsonObject, path: string, ctx: ResourceContext): WireSpan | null {
  const row = spanRow(raw, () => path, ctx);
  if (!row) return null;
  return newWireSpan({
    ...row,
    status: withHttpStatus(row.kind, () => rawHttpStatus(raw.attributes), parseStatus(raw.status)),
    attributes: parseAttributes(raw.attributes),
    resource: ctx.resource,
    scope: ctx.scope,
    events: asArray(raw.events)
      .filter(isObject)
      .map((e, k) => ({ timeUs: row.eventTimesUs[k] ?? row.startUs, name: asString(e.name), attributes: parseAttributes(e.attributes) })),
    links: asArray(raw.links)
      .filter(isObject)
      .map((l) => ({ traceId: normalizeTraceId(asString(l.traceId)), spanId: normalizeSpanId(asString(l.spanId)), kind: 'link' as const, attributes: parseAttributes(l.attributes) })),
    dropped: droppedCounts(raw) ?? { attributes: 0, events: 0, links: 0 },
    warnings: [...row.warnings],
  });
}

function parseKind(raw: unknown): SpanKind {
  if (typeof raw === 'number') return KIND_BY_NUMBER[raw] ?? 'unspecified';
  const text = asString(raw).toUpperCase().replace(/^SPAN_KIND_/, '');
  if (/^\d+$/.test(text)) return KIND_BY_NUMBER[Number(text)] ?? 'unspecified';
  const named = text.toLowerCase();
  return (KIND_BY_NUMBER as string[]).includes(named) ? (named as SpanKind) : 'unspecified';
}

/** A status code as a number or an enum name (STATUS_CODE_ERROR, ERROR, "2"). */
function statusCode(raw: unknown): SpanStatus['code'] {
  if (!isObject(raw)) return 'unset';
  const code = raw.code;
  if (code === undefined || code === 0) return 'unset';
  if (code === 2) return 'error';
  if (code === 1) return 'ok';
  const text = asString(code).toUpperCase().replace(/^STATUS_CODE_/, '');
  return text === '2' || text === 'ERROR' ? 'error' : text === '1' || text === 'OK' ? 'ok' : 'unset';
}

function parseStatus(raw: unknown): SpanStatus {
  return { code: statusCode(raw), message: isObject(raw) ? asString(raw.message) : '' };
}

export function parseAttributes(raw: unknown): Attribute[] {
  return asArray(raw)
    .filter(isObject)
    .map((kv) => ({ key: asString(kv.key), value: anyValue(kv.value, 0) }));
}

/** OTLP AnyValue. Nesting is data, not spans, and is capped so hostile input cannot overflow. */
function anyValue(raw: unknown, depth: number): AttrValue {
  if (!isObject(raw) || depth > 64) return { type: 'empty' };
  if ('stringValue' in raw) return { type: 'string', value: asString(raw.stringValue) };
  if ('boolValue' in raw) return { type: 'bool', value: raw.boolValue === true || raw.boolValue === 'true' };
  if ('intValue' in raw) return { type: 'int', value: asString(raw.intValue) };
  if ('doubleValue' in raw) {
    const n = asNumber(raw.doubleValue);
    return n === null ? { type: 'string', value: asString(raw.doubleValue) } : { type: 'double', value: n };
  }
  if ('bytesValue' in raw) return { type: 'bytes', value: asString(raw.bytesValue) };
  if ('arrayValue' in raw) {
    const values = isObject(raw.arrayValue) ? asArray(raw.arrayValue.values) : [];
    return { type: 'array', value: values.map((v) => anyValue(v, depth + 1)) };
  }
  if ('kvlistValue' in raw) {
    const values = isObject(raw.kvlistValue) ? asArray(raw.kvlistValue.values) : [];
    return {
      type: 'kvlist',
      value: values.filter(isObject).map((kv) => ({ key: asString(kv.key), value: anyValue(kv.value, depth + 1) })),
    };
  }
  return { type: 'empty' };
}

/**
 * Streaming: ResourceSpans sit under `resourceSpans`, `batches`,
 * `trace.resourceSpans` or `result.resourceSpans` (optionally inside a
 * top-level array of requests); spans at `…[i].scopeSpans[j].spans[k]`.
 * A resource almost always precedes its spans; when it does not, the span
 * is resolved at the end of the file.
 */
export function otlpLocator(): StreamLocator {
  const resources = new Map<string, ResourceContext>();
  const scopes = new Map<string, Scope | null>();
  const warnings: Warning[] = [];
  let partial = { status: '', message: '' };
  const SPAN_LISTS = new Set(['scopeSpans', 'instrumentationLibrarySpans']);

  // Where the path goes on inside the ResourceSpans list (the index of its element), or -1 when outside it.
  // An index, not a copy of the rest of the path: this runs twice for every span.
  function inner(path: readonly PathSegment[]): number {
    let i = typeof path[0] === 'number' ? 1 : 0;
    if ((path[i] === 'trace' || path[i] === 'result') && path[i + 1] === 'resourceSpans') i++;
    if (path[i] !== 'resourceSpans' && path[i] !== 'batches') return -1;
    return i + 1;
  }
  const resourceGroup = (path: readonly PathSegment[], doc: number, start: number) => `${doc}|${path.slice(0, start + 1).join('/')}`;
  // Consecutive spans share a scope: remember the last one instead of building its key per span.
  let lastScope = { doc: -1, start: -1, rs: -1 as PathSegment, list: '' as PathSegment, ss: -1 as PathSegment, key: '' };
  const scopeGroup = (path: readonly PathSegment[], doc: number, start: number) => {
    const rs = path[start] as PathSegment;
    const list = path[start + 1] as PathSegment;
    const ss = path[start + 2] as PathSegment;
    const c = lastScope;
    if (c.doc === doc && c.start === start && c.rs === rs && c.list === list && c.ss === ss) return c.key;
    lastScope = { doc, start, rs, list, ss, key: `${doc}|${path.slice(0, start + 3).join('/')}` };
    return lastScope.key;
  };
  let lastSpan: { kind: 'span'; group: string } = { kind: 'span', group: '' };
  const resourceOf = (group: string) => resources.get(group.split('/').slice(0, -2).join('/'));

  // Spans of one scope share their context: built once per scope group, dropped when a resource or scope arrives.
  const contexts = new Map<string, { context: ResourceContext; resolved: boolean }>();
  function known(group: string): { context: ResourceContext; resolved: boolean } {
    let entry = contexts.get(group);
    if (!entry) {
      const base = resourceOf(group);
      const context = { service: base?.service ?? 'unknown_service', host: base?.host ?? 'unknown_service', resource: base?.resource ?? [], scope: scopes.get(group) ?? null };
      entry = { context, resolved: base !== undefined };
      contexts.set(group, entry);
    }
    return entry;
  }
  const context = (group: string) => known(group).context;
  const converted: Converted & { spans: SpanRow[] } = { spans: [], pending: false, references: null };
  // Rows straight from the bytes where WebAssembly runs; the batch read last.
  const rowReader = otlpRowReader(HTTP_STATUS_KEYS);
  let read: ReadSpans | null = null;

  return {
    contextPass: false,
    // The row reads attributes only for the HTTP status (rawHttpStatus).
    lean: { member: 'attributes', wanted: HTTP_STATUS_KEYS },
    decide(path, type) {
      if (type === 'scalar') {
        const top = typeof path[0] === 'number' ? path.slice(1) : path;
        return top.length === 1 && (top[0] === 'status' || top[0] === 'message') ? 'capture' : 'skip';
      }
      if (path.length === 0 || (path.length === 1 && typeof path[0] === 'number')) return 'descend';
      const top = typeof path[0] === 'number' ? path.slice(1) : path;
      if (top.length === 1 && (top[0] === 'trace' || top[0] === 'result')) return 'descend';
      const start = inner(path);
      if (start === -1) return 'skip';
      // The path from the ResourceSpans element on: [index, key, index, key, index].
      const length = path.length - start;
      if (length <= 1) return 'descend';
      if (length === 2) return path[start + 1] === 'resource' ? 'capture' : SPAN_LISTS.has(path[start + 1] as string) ? 'descend' : 'skip';
      if (length === 3) return 'descend';
      const key = path[start + 3];
      if (length === 4) return key === 'scope' || key === 'instrumentationLibrary' ? 'capture' : key === 'spans' ? (type === 'array' ? 'each' : 'descend') : 'skip';
      if (length === 5 && key === 'spans') return 'capture';
      return 'skip';
    },
    classify(path, doc) {
      const start = inner(path);
      if (start === -1) return { kind: 'context', group: `${doc}|` };
      const length = path.length - start;
      if (length === 2) return { kind: 'context', group: resourceGroup(path, doc, start) };
      const group = scopeGroup(path, doc, start);
      if (length !== 5) return { kind: 'context', group };
      // The spans of a scope share one answer (read at once by the scanner, never kept).
      if (lastSpan.group !== group) lastSpan = { kind: 'span', group };
      return lastSpan;
    },
    addContext(group, path, value) {
      const key = path[path.length - 1];
      if (key === 'status') partial = { ...partial, status: asString(value) };
      else if (key === 'message') partial = { ...partial, message: asString(value) };
      else if (key === 'resource') {
        const resource = isObject(value) ? parseAttributes(value.attributes) : [];
        const serviceValue = findAttr(resource, 'service.name');
        const service = serviceValue?.type === 'string' && serviceValue.value ? serviceValue.value : 'unknown_service';
        const host = textOf(findAttr(resource, 'host.name')) || textOf(findAttr(resource, 'service.instance.id')) || service;
        resources.set(group, { service, host, resource, scope: null });
        contexts.clear();
      } else if (isObject(value)) {
        scopes.set(group, { name: asString(value.name), version: asString(value.version) });
        contexts.clear();
      }
    },
    rows: rowReader ? {
      read(spans, first, end) {
        const found = rowReader.read(spans, first, end);
        read = found.read === end - first ? found : null;
        return read !== null;
      },
      convert(k, group, pathOf) {
        const { context, resolved } = known(group);
        const row = rowOf(read as ReadSpans, k, context);
        if (!row) return { spans: [], pending: false, references: null, warnings: [noIds(pathOf)] };
        converted.spans[0] = row;
        converted.pending = !resolved;
        return converted;
      },
    } : undefined,
    convert(raw, group, pathOf) {
      if (!isObject(raw)) return { spans: [], pending: false, references: null, warnings: [warning('rejected-span', `${pathOf()}: expected a span object`)] };
      const { context, resolved } = known(group);
      const row = spanRow(raw, pathOf, context);
      if (!row) return { spans: [], pending: false, references: null, warnings: [noIds(pathOf)] };
      // One answer for every span: read at once by the caller, never kept.
      converted.spans[0] = row;
      converted.pending = !resolved;
      return converted;
    },
    resolve(group, _key) {
      const { service, host } = context(group);
      return { service, host };
    },
    details(raw, group) {
      return isObject(raw) ? parseSpan(raw, '', context(group)) : null;
    },
    fileWarnings() {
      if (partial.status.toUpperCase() !== 'PARTIAL') return warnings;
      return [...warnings, warning('partial-trace', `the backend returned a partial trace${partial.message ? `: ${partial.message}` : ''}`)];
    },
  };
}
