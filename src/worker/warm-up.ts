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
/** Spans of the big trace: more than the engine allocates inline (an array of 16,384 or more is a large object). */
const BIG_TRACE = 20_000;
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

/** Children of the first span of a trace: more than a list is sorted by insertion (order-spans.ts). */
const WIDE = 40;

/**
 * `count` spans; span i belongs to trace i % traces, where it is the (i / traces)th. A trace's spans form a tree: the
 * first has WIDE children, every other span up to three.
 */
function warmUpSpans(traces: number, count = SPANS): WarmSpan[] {
  const spans: WarmSpan[] = [];
  const depths: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = i % traces;
    const j = Math.floor(i / traces);
    const parent = j === 0 ? -1 : j <= WIDE ? 0 : Math.floor((j - WIDE - 1) / 3) + 1;
    const depth = parent < 0 ? 0 : (depths[parent * traces + t] as number) + 1;
    depths.push(depth);
    const startUs = BASE_US + depth * 3 + (j % 3);
    const error = i % 23 === 0;
    spans.push({
      traceId: traceId(t),
      spanId: spanId(i),
      parentId: parent < 0 ? undefined : spanId(parent * traces + t),
      service: i % SERVICES.length,
      name: `warm ${i % 7}`,
      kind: i % KINDS.length,
      startUs,
      // Within the parent (a child starts at most 5 µs later and is 300 µs shorter or more): no clock skew to repair.
      durationUs: 40_000 - 400 * depth - (i % 97),
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
  const spans = warmUpSpans(TRACES);
  const otlp = otlpRequest(spans);
  return [
    { name: 'warm-up.otlp.json', data: JSON.stringify(otlp) },
    { name: 'warm-up.jaeger.json', data: jaegerFile(spans) },
    { name: 'warm-up.zipkin.json', data: zipkinFile(spans) },
    { name: 'warm-up.otlp.pb', data: new Uint8Array(encodeOtlpJson(otlp)) },
  ];
}

/**
 * One trace of BIG_TRACE spans, read once: a real file's trace is one of thousands of spans, and the build's code
 * optimized on traces of sixty alone was thrown away in the first real build ("out of bounds": its arrays are large
 * objects) and compiled again while that build ran.
 */
export function warmUpBigTrace(): { name: string; data: string } {
  return { name: 'warm-up.big-trace.otlp.json', data: JSON.stringify(otlpRequest(warmUpSpans(1, BIG_TRACE))) };
}
