// Generated files to run the pipeline on while the page is idle, so the first
// real file does not pay for cold code: one trace set, written as OTLP/JSON,
// Jaeger JSON, Zipkin v2 and OTLP protobuf, since each format has its own row
// reader (in WebAssembly too) and converter, and protobuf its transcoder. Each file is big enough to take the path of
// big files (shared with the helper worker) and to get the hot loops
// optimized, and its spans are shaped like real ones (several services,
// attributes of each value type, events, errors), so the optimized code fits
// real files instead of being thrown away on the first of them. It holds a
// hundred traces: the code that runs once per trace (the build) then runs
// often enough to be optimized as a whole, not only inside its loops.

import { encodeOtlpJson } from '../formats/otlp/otlp-proto';

const SPANS = 6000;
const SERVICES = ['warm-frontend', 'warm-orders', 'warm-db'];
const TRACES = 100;
const KINDS = ['internal', 'server', 'client', 'producer'] as const;
const BASE_US = 1_700_000_000_000_000;

type Value = string | number | boolean;

interface WarmSpan {
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  service: number;
  name: string;
  /** Index in KINDS (OTLP's kind is one more). */
  kind: number;
  startUs: number;
  durationUs: number;
  error: boolean;
  attributes: Array<[string, Value]>;
  events: Array<{ timeUs: number; name: string }>;
}

/**
 * A span id that looks like a real one: 64 bits spread over the whole range (small sequential ids
 * would teach the optimizer that id halves are small integers, and real ones would undo that).
 */
function spanId(i: number): string {
  const half = (n: number) => (Math.imul(n, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return half(i + 1) + half(i + 0x5bd1e995);
}

function traceId(t: number): string {
  return `7c3e9a1f5b2d48e6a0f4c8b2${(0x100000 + t * 7919).toString(16).slice(-6)}d6e1a9f3`;
}

/**
 * Span i belongs to trace i % TRACES, where it is the (i / TRACES)th; a trace's spans form a tree of fan-out three, the
 * jth span's children being the (3j+1)th to the (3j+3)th.
 */
function warmUpSpans(): WarmSpan[] {
  const spans: WarmSpan[] = [];
  for (let i = 0; i < SPANS; i++) {
    const t = i % TRACES;
    const j = Math.floor(i / TRACES);
    const startUs = BASE_US + j * 3;
    const error = i % 23 === 0;
    spans.push({
      traceId: traceId(t),
      spanId: spanId(i),
      parentId: j ? spanId((Math.ceil(j / 3) - 1) * TRACES + t) : undefined,
      service: i % SERVICES.length,
      name: `warm ${i % 7}`,
      kind: i % KINDS.length,
      startUs,
      // Within the parent (a child is at least three places later): no clock skew to repair.
      durationUs: 40_000 - 303 * j + (i % 97),
      error,
      attributes: [
        ['component', i % 2 ? 'http' : 'db'],
        ['http.response.status_code', error ? 503 : 200],
        ['app.item_count', i % 31],
        ['app.cached', i % 3 === 0],
        ['url.full', `https://warm.example/items/${i}?page=${i % 9}`],
      ],
      events: i % 7 === 0 ? [{ timeUs: startUs + 1, name: 'retry' }] : [],
    });
  }
  return spans;
}

function otlpAttribute(key: string, value: Value): object {
  const typed =
    typeof value === 'string'
      ? { stringValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : { intValue: String(value) };
  return { key, value: typed };
}

function otlpRequest(spans: WarmSpan[]): object {
  return {
    resourceSpans: SERVICES.map((name, service) => ({
      resource: { attributes: [otlpAttribute('service.name', name), otlpAttribute('host.name', `${name}-host`)] },
      scopeSpans: [
        {
          scope: { name: 'warm-up', version: '1' },
          spans: spans
            .filter((s) => s.service === service)
            .map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentId ? { parentSpanId: s.parentId } : {}),
              name: s.name,
              kind: s.kind + 1,
              startTimeUnixNano: `${s.startUs}000`,
              endTimeUnixNano: `${s.startUs + s.durationUs}000`,
              attributes: s.attributes.map(([key, value]) => otlpAttribute(key, value)),
              events: s.events.map((e) => ({ timeUnixNano: `${e.timeUs}000`, name: e.name })),
              status: s.error ? { code: 2, message: 'warm failure' } : {},
            })),
        },
      ],
    })),
  };
}

function jaegerTag(key: string, value: Value): object {
  const type = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'int64';
  return { key, type, value };
}

function jaegerFile(spans: WarmSpan[]): string {
  const data = [];
  for (let t = 0; t < TRACES; t++) {
    const id = traceId(t);
    data.push({
      traceID: id,
      spans: spans
        .filter((s) => s.traceId === id)
        .map((s) => ({
          traceID: s.traceId,
          spanID: s.spanId,
          operationName: s.name,
          references: s.parentId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentId }] : [],
          startTime: s.startUs,
          duration: s.durationUs,
          tags: [
            jaegerTag('span.kind', KINDS[s.kind] as string),
            ...s.attributes.map(([key, value]) => jaegerTag(key, value)),
            ...(s.error ? [jaegerTag('error', true)] : []),
          ],
          logs: s.events.map((e) => ({ timestamp: e.timeUs, fields: [jaegerTag('event', e.name)] })),
          processID: `p${s.service + 1}`,
          warnings: null,
        })),
      processes: Object.fromEntries(
        SERVICES.map((name, k) => [`p${k + 1}`, { serviceName: name, tags: [jaegerTag('hostname', `${name}-host`)] }]),
      ),
    });
  }
  return JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null });
}

function zipkinFile(spans: WarmSpan[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      traceId: s.traceId,
      id: s.spanId,
      ...(s.parentId ? { parentId: s.parentId } : {}),
      name: s.name,
      ...(s.kind ? { kind: (KINDS[s.kind] as string).toUpperCase() } : {}),
      timestamp: s.startUs,
      duration: s.durationUs,
      localEndpoint: { serviceName: SERVICES[s.service], ipv4: `10.1.0.${s.service + 1}` },
      annotations: s.events.map((e) => ({ timestamp: e.timeUs, value: e.name })),
      tags: {
        ...Object.fromEntries(s.attributes.map(([key, value]) => [key, String(value)])),
        ...(s.error ? { error: 'warm failure' } : {}),
      },
    })),
  );
}

/** The same traces as OTLP/JSON, Jaeger JSON, Zipkin v2 and OTLP protobuf, in the order the warm-up reads them. */
export function warmUpFiles(): Array<{ name: string; data: string | Uint8Array<ArrayBuffer> }> {
  const spans = warmUpSpans();
  const otlp = otlpRequest(spans);
  return [
    { name: 'warm-up.otlp.json', data: JSON.stringify(otlp) },
    { name: 'warm-up.jaeger.json', data: jaegerFile(spans) },
    { name: 'warm-up.zipkin.json', data: zipkinFile(spans) },
    { name: 'warm-up.otlp.pb', data: new Uint8Array(encodeOtlpJson(otlp)) },
  ];
}
