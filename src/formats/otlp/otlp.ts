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
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import { findAttr } from '../../model/attributes';
import type {
  Attribute,
  AttrValue,
  DroppedCounts,
  Scope,
  SpanKind,
  SpanStatus,
  Warning,
  WireSpan,
} from '../../model/trace';
import type { SpanRow } from '../../model/wire-span';
import {
  asArray,
  asNumber,
  asString,
  HTTP_STATUS_KEYS,
  isObject,
  failsByHttp,
  newWireSpan,
  notASpan,
  textOf,
  warning,
  withHttpStatus,
  type JsonObject,
  type ParseResult,
} from '../wire';
import { briefValue } from '../../model/text';

/** The ResourceSpans list of any accepted wrapper, or null when `value` is not OTLP-shaped. */
export function otlpResourceSpans(value: unknown): { list: unknown[]; where: string } | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value.resourceSpans)) return { list: value.resourceSpans, where: 'resourceSpans' };
  if (Array.isArray(value.batches)) return { list: value.batches, where: 'batches' };
  if (isObject(value.trace) && Array.isArray(value.trace.resourceSpans))
    return { list: value.trace.resourceSpans, where: 'trace.resourceSpans' };
  if (isObject(value.result) && Array.isArray(value.result.resourceSpans))
    return { list: value.result.resourceSpans, where: 'result.resourceSpans' };
  return null;
}

export const KIND_BY_NUMBER: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/**
 * OTLP/JSON → wire spans. `origins`, when given, receives for each span the
 * raw span object it came from and that object's place among all objects in
 * span lists, in the order they were read (the server stores a received
 * span's own bytes when they line up).
 */
export function parseOtlp(value: unknown, origins?: SpanOrigins): ParseResult {
  const spans: WireSpan[] = [];
  const warnings: Warning[] = [];
  const documents = Array.isArray(value) ? value : [value];
  documents.forEach((doc, docIndex) => {
    const found = otlpResourceSpans(doc);
    if (!found) return;
    const prefix = Array.isArray(value) ? `[${docIndex}].` : '';
    if (isObject(doc) && asString(doc.status).toUpperCase() === 'PARTIAL') {
      const message = asString(doc.message);
      warnings.push(warning('partial-trace', `the backend returned a partial trace${message ? `: ${message}` : ''}`));
    }
    found.list.forEach((rs, rsIndex) => {
      if (!isObject(rs)) return;
      parseResourceSpans(rs, `${prefix}${found.where}[${rsIndex}]`, spans, warnings, origins);
    });
  });
  return { spans, warnings };
}

/** Where each parsed span came from: its raw object and that object's place among the span objects read (`seen`). */
export interface SpanOrigins {
  raw: JsonObject[];
  places: number[];
  seen: number;
}

function parseResourceSpans(
  rs: JsonObject,
  path: string,
  spans: WireSpan[],
  warnings: Warning[],
  origins?: SpanOrigins,
): void {
  const { service, host, resource } = resourceContext(rs.resource);
  const scopeLists: Array<[unknown, string]> = [];
  asArray(rs.scopeSpans).forEach((s, i) => scopeLists.push([s, `${path}.scopeSpans[${i}]`]));
  asArray(rs.instrumentationLibrarySpans).forEach((s, i) =>
    scopeLists.push([s, `${path}.instrumentationLibrarySpans[${i}]`]),
  );
  for (const [ss, ssPath] of scopeLists) {
    if (!isObject(ss)) continue;
    const rawScope = isObject(ss.scope)
      ? ss.scope
      : isObject(ss.instrumentationLibrary)
        ? ss.instrumentationLibrary
        : null;
    const scope: Scope | null = rawScope
      ? { name: asString(rawScope.name), version: asString(rawScope.version) }
      : null;
    asArray(ss.spans).forEach((raw, i) => {
      const spanPath = `${ssPath}.spans[${i}]`;
      if (!isObject(raw)) {
        warnings.push(notASpan(spanPath, raw));
        return;
      }
      const span = parseSpan(raw, spanPath, { service, host, resource, scope });
      const place = origins ? origins.seen++ : 0;
      if (span) {
        spans.push(span);
        origins?.raw.push(raw);
        origins?.places.push(place);
      } else warnings.push(warning('rejected-span', `${spanPath}: span needs traceId and spanId; skipped`));
    });
  }
}

/**
 * An OTLP Resource's attributes, with the service they name (`service.name`) and the host (`host.name`, else
 * `service.instance.id`, else the service).
 */
export function resourceContext(raw: unknown): { service: string; host: string; resource: Attribute[] } {
  const resource = isObject(raw) ? parseAttributes(raw.attributes) : [];
  const serviceValue = findAttr(resource, 'service.name');
  const service = serviceValue?.type === 'string' && serviceValue.value ? serviceValue.value : 'unknown_service';
  const host = textOf(findAttr(resource, 'host.name')) || textOf(findAttr(resource, 'service.instance.id')) || service;
  return { service, host, resource };
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

export interface ResourceContext {
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
export const NO_WARNINGS: readonly Warning[] = Object.freeze([]);
export const NO_EVENTS: readonly number[] = Object.freeze([]);

/**
 * What the columns need of one span, read straight from the parsed JSON:
 * ids, times, kind, status (with the HTTP 5xx rule), event times, warnings.
 * The full converter below builds on it, so both agree by construction. It
 * runs once per span of a file: no object it does not return. `path` words
 * the span's place, only for warnings.
 */
export function spanRow(raw: JsonObject, path: () => string, ctx: ResourceContext): SpanRow | null {
  const traceId = normalizeTraceId(asString(raw.traceId));
  const spanId = normalizeSpanId(asString(raw.spanId));
  if (!traceId || !spanId) return null;
  let warnings: Warning[] | null = null;
  const startNs = nanosSplit(raw.startTimeUnixNano);
  const endNs = nanosSplit(raw.endTimeUnixNano);
  const startUs = startNs === null ? null : startNs[0] + startNs[1] / 1000;
  if (startUs === null || startUs === 0) {
    (warnings ??= []).push(
      warning(
        'missing-field',
        `${path()}.startTimeUnixNano: missing or not a number (${briefValue(raw.startTimeUnixNano)}); the span is placed at the trace start`,
      ),
    );
  }
  if (endNs === null)
    (warnings ??= []).push(
      warning('missing-field', `${path()}.endTimeUnixNano: missing or not a number; duration shown as 0`),
    );
  // Whole nanoseconds between start and end, exact, divided once (as Number(end - start) / 1000 would be).
  const spanNs = startNs !== null && endNs !== null ? (endNs[0] - startNs[0]) * 1000 + (endNs[1] - startNs[1]) : 0;
  const durationUs = spanNs > 0 ? spanNs / 1000 : 0;
  if (spanNs < 0) {
    (warnings ??= []).push(
      warning('invalid-value', `${path()}: endTimeUnixNano is before startTimeUnixNano; duration shown as 0`),
    );
  }
  const kind = parseKind(raw.kind);
  const dropped = droppedCounts(raw);
  if (dropped) {
    (warnings ??= []).push(
      warning(
        'dropped-data',
        `the SDK dropped ${dropped.attributes} attributes, ${dropped.events} events and ${dropped.links} links of this span`,
      ),
    );
  }
  const code = statusCode(raw.status);
  const status = failsByHttp(kind, code, () => rawHttpStatus(raw.attributes)) ? 'error' : code;
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

/** The SDK's dropped counts, or null when it dropped nothing. */
function droppedCounts(raw: JsonObject): DroppedCounts | null {
  const attributes = asNumber(raw.droppedAttributesCount) ?? 0;
  const events = asNumber(raw.droppedEventsCount) ?? 0;
  const links = asNumber(raw.droppedLinksCount) ?? 0;
  return attributes + events + links > 0 ? { attributes, events, links } : null;
}

export function parseSpan(raw: JsonObject, path: string, ctx: ResourceContext): WireSpan | null {
  const row = spanRow(raw, () => path, ctx);
  if (!row) return null;
  return newWireSpan({
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    service: row.service,
    host: row.host,
    kind: row.kind,
    startUs: row.startUs,
    durationUs: row.durationUs,
    shared: row.shared,
    status: withHttpStatus(row.kind, () => rawHttpStatus(raw.attributes), parseStatus(raw.status)),
    attributes: parseAttributes(raw.attributes),
    resource: ctx.resource,
    scope: ctx.scope,
    events: asArray(raw.events)
      .filter(isObject)
      .map((e, k) => ({
        timeUs: row.eventTimesUs[k] ?? row.startUs,
        name: asString(e.name),
        attributes: parseAttributes(e.attributes),
      })),
    links: asArray(raw.links)
      .filter(isObject)
      .map((l) => ({
        traceId: normalizeTraceId(asString(l.traceId)),
        spanId: normalizeSpanId(asString(l.spanId)),
        kind: 'link' as const,
        attributes: parseAttributes(l.attributes),
      })),
    dropped: droppedCounts(raw) ?? { attributes: 0, events: 0, links: 0 },
    warnings: [...row.warnings],
  });
}

function parseKind(raw: unknown): SpanKind {
  if (typeof raw === 'number') return KIND_BY_NUMBER[raw] ?? 'unspecified';
  const text = asString(raw)
    .toUpperCase()
    .replace(/^SPAN_KIND_/, '');
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
  const text = asString(code)
    .toUpperCase()
    .replace(/^STATUS_CODE_/, '');
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
