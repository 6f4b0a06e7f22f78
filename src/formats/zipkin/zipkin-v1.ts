// Zipkin v1 JSON (old Zipkin and Spring Cloud Sleuth dumps): core annotations
// cs/sr/ss/cr carry the timing and the endpoints; binaryAnnotations the tags.
// A v1 span holding both client and server annotations becomes two spans, a
// client and a shared server half, as Zipkin's own v1→v2 converter does.
// Spec: openzipkin/zipkin-api `zipkin-api.yaml` (v1); FORMATS.md §6.
import { pushAll } from '../../model/arrays';
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import { stringAttr } from '../../model/attributes';
import type { Attribute, SpanEvent, SpanKind, Warning, WireSpan } from '../../model/trace';
import { rowFromWire } from '../../model/wire-span';
import { endpointAttributes, endpointHost, rejectedSpan, zipkinLocator, zipkinSpanObjects } from './zipkin';
import type { StreamLocator } from '../../import/stream-locator';
import {
  asArray,
  asNumber,
  asString,
  isObject,
  newWireSpan,
  notASpan,
  warning,
  withHttpServerError,
  type JsonObject,
  type ParseResult,
} from '../wire';

const CORE = new Set(['cs', 'sr', 'ss', 'cr', 'ms', 'mr', 'ws', 'wr']);

export function isZipkinV1Span(item: unknown): boolean {
  if (!isObject(item)) return false;
  if (Array.isArray(item.binaryAnnotations)) return true;
  return asArray(item.annotations).some((a) => isObject(a) && CORE.has(asString(a.value)) && isObject(a.endpoint));
}

export function parseZipkinV1(value: unknown): ParseResult {
  const spans: WireSpan[] = [];
  const warnings: Warning[] = [];
  for (const { raw, path } of zipkinSpanObjects(value)) {
    if (!isObject(raw)) {
      warnings.push(notASpan(path, raw));
      continue;
    }
    const converted = convert(raw);
    if (converted.length === 0) warnings.push(rejectedSpan(path));
    pushAll(spans, converted);
  }
  // First, as the streaming path has it (the locator's file warnings come before the spans').
  if (spans.length > 0)
    warnings.unshift(
      warning(
        'source-warning',
        `converted ${spans.length} spans from Zipkin v1 (core annotations and binaryAnnotations)`,
      ),
    );
  return { spans, warnings };
}

interface Half {
  kind: SpanKind;
  endpoint: JsonObject | null;
  startUs: number | null;
  endUs: number | null;
}

function convert(raw: JsonObject): WireSpan[] {
  const traceId = normalizeTraceId(asString(raw.traceId));
  const spanId = normalizeSpanId(asString(raw.id));
  if (!traceId || !spanId) return [];
  const annotations = asArray(raw.annotations).filter(isObject);
  const at = (value: string) => annotations.find((a) => asString(a.value) === value);
  const time = (a: JsonObject | undefined) => (a ? asNumber(a.timestamp) : null);
  const endpointOf = (a: JsonObject | undefined) => (a && isObject(a.endpoint) ? a.endpoint : null);

  const halves: Half[] = [];
  const cs = at('cs') ?? at('ms');
  const cr = at('cr') ?? at('ws');
  const sr = at('sr') ?? at('mr');
  const ss = at('ss') ?? at('wr');
  const messaging = Boolean(at('ms') || at('mr'));
  if (cs || cr)
    halves.push({
      kind: messaging ? 'producer' : 'client',
      endpoint: endpointOf(cs ?? cr),
      startUs: time(cs),
      endUs: time(cr),
    });
  if (sr || ss)
    halves.push({
      kind: messaging ? 'consumer' : 'server',
      endpoint: endpointOf(sr ?? ss),
      startUs: time(sr),
      endUs: time(ss),
    });

  const binary = asArray(raw.binaryAnnotations).filter(isObject);
  const localComponent = binary.find((b) => asString(b.key) === 'lc');
  if (halves.length === 0) {
    // A local span: its service is where its `lc` (local component) annotation says, else where any
    // binary annotation or annotation says (Zipkin's own v1 → v2 conversion takes it from there).
    const endpoint =
      endpointOf(localComponent) ??
      endpointOf(binary.find((b) => isObject(b.endpoint))) ??
      endpointOf(annotations.find((a) => isObject(a.endpoint)));
    halves.push({ kind: 'internal', endpoint, startUs: null, endUs: null });
  }
  const spanStart = asNumber(raw.timestamp);
  const spanDuration = asNumber(raw.duration);

  return halves.map((half, index) => {
    const service = asString(half.endpoint?.serviceName) || 'unknown_service';
    const attributes: Attribute[] = [];
    let remote: unknown = null;
    for (const b of binary) {
      const key = asString(b.key);
      const owner = asString(isObject(b.endpoint) ? b.endpoint.serviceName : '');
      if ((key === 'ca' && half.kind === 'server') || (key === 'sa' && half.kind === 'client')) remote = b.endpoint;
      if (key === 'ca' || key === 'sa') continue;
      if (owner && owner !== service && halves.length > 1) continue;
      attributes.push(stringAttr(key, asString(b.value)));
    }
    pushAll(attributes, endpointAttributes(remote, 'remote'));
    const startUs = half.startUs ?? spanStart ?? 0;
    const endUs = half.endUs ?? (spanDuration !== null ? startUs + spanDuration : startUs);
    const events: SpanEvent[] = annotations
      .filter((a) => !CORE.has(asString(a.value)) || halves.length === 0)
      .filter((a) => asString(endpointOf(a)?.serviceName) === service || halves.length === 1)
      .map((a) => ({ timeUs: asNumber(a.timestamp) ?? startUs, name: asString(a.value), attributes: [] }));
    const errorAttr = attributes.find((a) => a.key === 'error');
    const status = errorAttr
      ? { code: 'error' as const, message: errorAttr.value.type === 'string' ? errorAttr.value.value : '' }
      : { code: 'unset' as const, message: '' };
    return newWireSpan({
      traceId,
      spanId,
      parentSpanId: normalizeSpanId(asString(raw.parentId)),
      name: asString(raw.name),
      service,
      host: endpointHost(half.endpoint, service),
      kind: half.kind,
      startUs,
      durationUs: Math.max(0, endUs - startUs),
      status: withHttpServerError(half.kind, attributes, status),
      attributes,
      resource: endpointAttributes(half.endpoint, 'local'),
      events,
      shared: index > 0,
    });
  });
}

/** Streaming: the Zipkin list layout; each v1 span converts to one or two halves. */
export function zipkinV1Locator(): StreamLocator {
  const base = zipkinLocator({ rows: (raw) => convert(raw).map(rowFromWire), spans: (raw) => convert(raw) });
  return {
    ...base,
    fileWarnings: (converted) =>
      converted > 0
        ? [
            warning(
              'source-warning',
              `converted ${converted} spans from Zipkin v1 (core annotations and binaryAnnotations)`,
            ),
          ]
        : [],
  };
}
