// Writes spans as OTLP/JSON (TracesData: resourceSpans → scopeSpans → spans),
// the shape of OpenTelemetry's JSON encoding and of Jaeger's query API v3:
// hex ids, enums as numbers, 64-bit values as decimal strings, nanosecond
// times. Our own OTLP importer reads it back to the same spans.
import type { AttrValue, Attribute, SpanKind, WireSpan } from '../../model/trace';

type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { bytesValue: string }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | Record<string, never>;

interface KeyValue {
  key: string;
  value: AnyValue;
}

/** Attribute values nest; past this depth the rest is written as empty (hostile data cannot overflow). */
const MAX_VALUE_DEPTH = 64;

function anyValue(value: AttrValue, depth = 0): AnyValue {
  if (depth > MAX_VALUE_DEPTH) return {};
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value };
    case 'double':
      return { doubleValue: value.value };
    case 'bytes':
      return { bytesValue: value.value };
    case 'array':
      return { arrayValue: { values: value.value.map((v) => anyValue(v, depth + 1)) } };
    case 'kvlist':
      return { kvlistValue: { values: value.value.map((a) => ({ key: a.key, value: anyValue(a.value, depth + 1) })) } };
    case 'empty':
      return {};
  }
}

const keyValues = (attributes: readonly Attribute[]): KeyValue[] =>
  attributes.map((a) => ({ key: a.key, value: anyValue(a.value) }));

const KIND_NUMBER: Record<SpanKind, number> = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};
const STATUS_NUMBER = { unset: 0, ok: 1, error: 2 } as const;

/** Epoch µs (maybe with a fraction) → epoch ns as a decimal string, exact to the nanosecond. */
export function microsToNanos(us: number): string {
  return nanosOf(us).toString();
}

function nanosOf(us: number): bigint {
  if (!Number.isFinite(us) || us <= 0) return 0n;
  const whole = Math.floor(us);
  return BigInt(whole) * 1000n + BigInt(Math.round((us - whole) * 1000));
}

/** One span as OTLP/JSON (without its resource and scope, which enclose it). */
export function otlpSpan(span: WireSpan) {
  const out: Record<string, unknown> = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: KIND_NUMBER[span.kind],
    startTimeUnixNano: microsToNanos(span.startUs),
    // The end from the start and the duration in whole ns: a float sum would lose the duration's precision.
    endTimeUnixNano: (nanosOf(span.startUs) + BigInt(Math.max(0, Math.round(span.durationUs * 1000)))).toString(),
  };
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  if (span.attributes.length) out.attributes = keyValues(span.attributes);
  if (span.events.length)
    out.events = span.events.map((e) => ({
      timeUnixNano: microsToNanos(e.timeUs),
      name: e.name,
      ...(e.attributes.length ? { attributes: keyValues(e.attributes) } : {}),
    }));
  if (span.links.length)
    out.links = span.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      ...(l.attributes.length ? { attributes: keyValues(l.attributes) } : {}),
    }));
  if (span.status.code !== 'unset' || span.status.message)
    out.status = {
      ...(span.status.code !== 'unset' ? { code: STATUS_NUMBER[span.status.code] } : {}),
      ...(span.status.message ? { message: span.status.message } : {}),
    };
  if (span.dropped.attributes) out.droppedAttributesCount = span.dropped.attributes;
  if (span.dropped.events) out.droppedEventsCount = span.dropped.events;
  if (span.dropped.links) out.droppedLinksCount = span.dropped.links;
  return out;
}

/**
 * Spans → OTLP TracesData. Spans that share a resource (service and resource
 * attributes) and a scope are grouped, in order of first appearance; a
 * resource without `service.name` gets one from the span's service.
 */
/**
 * What encloses a span in OTLP: its resource (with `service.name`) and its scope; spans that share both share a
 * context.
 */
export function otlpContext(span: WireSpan): {
  key: string;
  resource: { attributes: KeyValue[] };
  scope: { name: string; version?: string } | null;
} {
  const attributes = span.resource.some((a) => a.key === 'service.name')
    ? span.resource
    : [{ key: 'service.name', value: { type: 'string' as const, value: span.service } }, ...span.resource];
  return {
    key: JSON.stringify([span.service, span.resource, span.scope?.name ?? null, span.scope?.version ?? null]),
    resource: { attributes: keyValues(attributes) },
    scope: span.scope
      ? { name: span.scope.name, ...(span.scope.version ? { version: span.scope.version } : {}) }
      : null,
  };
}

export function toOtlpTraces(spans: readonly WireSpan[]): { resourceSpans: unknown[] } {
  const resources = new Map<
    string,
    {
      resource: { attributes: KeyValue[] };
      scopes: Map<string, { scope?: { name: string; version?: string }; spans: unknown[] }>;
    }
  >();
  for (const span of spans) {
    const resourceKey = JSON.stringify([span.service, span.resource]);
    let group = resources.get(resourceKey);
    if (!group) {
      const attributes = span.resource.some((a) => a.key === 'service.name')
        ? span.resource
        : [{ key: 'service.name', value: { type: 'string' as const, value: span.service } }, ...span.resource];
      group = { resource: { attributes: keyValues(attributes) }, scopes: new Map() };
      resources.set(resourceKey, group);
    }
    const scopeKey = span.scope ? JSON.stringify([span.scope.name, span.scope.version]) : '';
    let scope = group.scopes.get(scopeKey);
    if (!scope) {
      scope = {
        ...(span.scope
          ? { scope: { name: span.scope.name, ...(span.scope.version ? { version: span.scope.version } : {}) } }
          : {}),
        spans: [],
      };
      group.scopes.set(scopeKey, scope);
    }
    scope.spans.push(otlpSpan(span));
  }
  return {
    resourceSpans: Array.from(resources.values(), (group) => ({
      resource: group.resource,
      scopeSpans: Array.from(group.scopes.values(), (scope) =>
        scope.scope ? { scope: scope.scope, spans: scope.spans } : { spans: scope.spans },
      ),
    })),
  };
}
