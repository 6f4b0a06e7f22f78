// Writes traces in Jaeger UI JSON, the shape of Jaeger's query API v1
// (`/api/traces`), so Jaeger clients, including Jaeger UI and our own Jaeger
// importer, can read what the embedded server stores. FORMATS.md §1.3.
import type { AttrValue, Attribute, WireSpan } from '../../model/trace';
import { attrValueText } from '../../model/attributes';

interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

function tag(key: string, value: AttrValue): JaegerTag {
  switch (value.type) {
    case 'bool':
      return { key, type: 'bool', value: value.value };
    case 'int': {
      const n = Number(value.value);
      return { key, type: 'int64', value: Number.isSafeInteger(n) ? n : value.value };
    }
    case 'double':
      return { key, type: 'float64', value: value.value };
    case 'bytes':
      return { key, type: 'binary', value: value.value };
    default:
      return { key, type: 'string', value: attrValueText(value) };
  }
}

const tags = (attributes: readonly Attribute[]) => attributes.map((a) => tag(a.key, a.value));

/** What makes a span's process: its service and resource attributes (spans that share them share a process). */
export function processKey(span: WireSpan): string {
  return JSON.stringify([span.service, span.resource]);
}

/** A span's process as Jaeger writes it. */
export function jaegerProcess(span: WireSpan): { serviceName: string; tags: JaegerTag[] } {
  return { serviceName: span.service, tags: tags(span.resource.filter((a) => a.key !== 'service.name')) };
}

/** One span as Jaeger writes it, pointing at its process by id. */
export function jaegerSpan(span: WireSpan, processId: string) {
  const spanTags = tags(span.attributes);
  if (span.kind !== 'unspecified' && !span.attributes.some((a) => a.key === 'span.kind'))
    spanTags.push({ key: 'span.kind', type: 'string', value: span.kind });
  if (span.status.code === 'error' && !span.attributes.some((a) => a.key === 'error'))
    spanTags.push({ key: 'error', type: 'bool', value: true });
  if (span.status.code !== 'unset' && !span.attributes.some((a) => a.key === 'otel.status_code')) {
    spanTags.push({ key: 'otel.status_code', type: 'string', value: span.status.code.toUpperCase() });
    if (span.status.message)
      spanTags.push({ key: 'otel.status_description', type: 'string', value: span.status.message });
  }
  const references = [
    ...(span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : []),
    ...span.links.map((l) => ({
      refType: l.kind === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM',
      traceID: l.traceId,
      spanID: l.spanId,
    })),
  ];
  return {
    traceID: span.traceId,
    spanID: span.spanId,
    operationName: span.name,
    references,
    // Jaeger's model has whole microseconds (start truncated, as Jaeger converts from nanoseconds).
    startTime: Math.floor(span.startUs),
    duration: Math.max(0, Math.round(span.durationUs)),
    tags: spanTags,
    logs: span.events.map((e) => ({
      timestamp: Math.floor(e.timeUs),
      fields: [{ key: 'event', type: 'string', value: e.name }, ...tags(e.attributes)],
    })),
    processID: processId,
    warnings: span.warnings.length ? span.warnings.map((w) => w.message) : null,
  };
}

/** One trace's spans (one trace id) → a Jaeger trace object. */
export function toJaegerTrace(traceId: string, spans: readonly WireSpan[]) {
  const processIds = new Map<string, string>();
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const out = spans.map((span) => {
    const key = processKey(span);
    let processId = processIds.get(key);
    if (!processId) {
      processId = `p${processIds.size + 1}`;
      processIds.set(key, processId);
      processes[processId] = jaegerProcess(span);
    }
    return jaegerSpan(span, processId);
  });
  return { traceID: traceId, spans: out, processes, warnings: null };
}
