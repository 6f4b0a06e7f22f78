// Seeded generator of realistic traces of any size, written as Jaeger, Zipkin
// or OTLP JSON. The same seed gives the same trace in every format, so the
// three must build the same dump (test/cross-format.test.ts).
//
//   npx tsx bench/gen-trace.ts --spans 100000 --format otlp --seed 7 --out /tmp/t.json
//
// Writers yield the file in chunks, so traces larger than one JavaScript
// string can be written to disk.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorText } from '../src/model/text';

export type GenFormat = 'jaeger' | 'zipkin' | 'otlp';
export type GenKind = 'server' | 'client' | 'internal' | 'producer' | 'consumer';

export interface GenOptions {
  seed: number;
  spans: number;
  services?: number;
  /** Deepest nesting the generator aims for. */
  maxDepth?: number;
}

export interface GenSpan {
  spanId: string;
  parentIndex: number;
  service: number;
  name: string;
  kind: GenKind;
  startUs: number;
  durationUs: number;
  error: boolean;
  attributes: Array<[string, string | number | boolean]>;
  events: Array<{ timeUs: number; name: string }>;
}

export interface GenTrace {
  traceId: string;
  services: string[];
  spans: GenSpan[];
}

/** mulberry32: small, fast, good enough for test data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_WORDS = [
  'frontend',
  'gateway',
  'auth',
  'cart',
  'catalog',
  'search',
  'pricing',
  'inventory',
  'payments',
  'orders',
  'shipping',
  'email',
  'ledger',
  'profile',
  'reviews',
  'ads',
  'quotes',
  'fx',
  'risk',
  'notify',
];
const OPERATIONS = [
  'GET /api/items',
  'POST /api/orders',
  'resolve',
  'SELECT rows',
  'INSERT rows',
  'HGET',
  'publish',
  'process',
  'render',
  'validate',
  'serialize',
  'call upstream',
  'load config',
  'compute',
  'check cache',
];
const EVENT_NAMES = ['cache miss', 'retry', 'exception', 'lock acquired', 'message sent'];
const T0_US = 1767261600000000; // 2026-01-01T10:00:00Z

function hex(rand: () => number, chars: number): string {
  let out = '';
  while (out.length < chars)
    out += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, chars);
}

export function generateTrace(options: GenOptions): GenTrace {
  const rand = random(options.seed);
  const serviceCount = Math.max(1, Math.min(options.services ?? 12, 200));
  const services = Array.from(
    { length: serviceCount },
    (_, i) =>
      `${SERVICE_WORDS[i % SERVICE_WORDS.length]}${i >= SERVICE_WORDS.length ? `-${Math.floor(i / SERVICE_WORDS.length)}` : ''}`,
  );
  const maxDepth = options.maxDepth ?? 24;
  const spans: GenSpan[] = [];
  const depth: number[] = [];
  const traceId = hex(rand, 32);
  const ids = new Set<string>();
  const newId = () => {
    let id = hex(rand, 16);
    while (ids.has(id) || /^0+$/.test(id)) id = hex(rand, 16);
    ids.add(id);
    return id;
  };
  for (let i = 0; i < options.spans; i++) {
    let parentIndex = -1;
    if (i > 0) {
      // Mostly attach near the end (deep call chains), sometimes anywhere (fan-out).
      const recent = rand() < 0.7;
      parentIndex = recent ? Math.max(0, i - 1 - Math.floor(rand() * Math.min(i, 8))) : Math.floor(rand() * i);
      while ((depth[parentIndex] as number) >= maxDepth) parentIndex = spans[parentIndex]?.parentIndex ?? 0;
    }
    const parent = parentIndex >= 0 ? (spans[parentIndex] as GenSpan) : null;
    const sameService = parent !== null && rand() < 0.55;
    const service = parent === null ? 0 : sameService ? parent.service : Math.floor(rand() * serviceCount);
    let startUs: number;
    let durationUs: number;
    if (!parent) {
      startUs = T0_US;
      durationUs = 5_000_000 + Math.floor(rand() * 5_000_000);
    } else {
      const offset = Math.floor(rand() * parent.durationUs * 0.25);
      startUs = parent.startUs + offset;
      durationUs = Math.floor((parent.durationUs - offset) * (0.4 + rand() * 0.55));
    }
    const kind: GenKind =
      parent === null
        ? 'server'
        : service !== parent.service
          ? 'server'
          : ((['client', 'internal', 'internal', 'producer'] as const)[Math.floor(rand() * 4)] as GenKind);
    const error = rand() < 0.02;
    const attributes: GenSpan['attributes'] = [
      ['component', kind === 'server' ? 'http' : 'app'],
      ['http.response.status_code', error ? 500 : 200],
      ['app.item_count', Math.floor(rand() * 50)],
      ['app.cached', rand() < 0.3],
      [
        'url.full',
        `https://${services[service]}.internal.example:8443/api/v2/items/${Math.floor(rand() * 1e6)}?page=${Math.floor(rand() * 40)}`,
      ],
      ['app.request_id', hex(rand, 32)],
      ['thread.name', `worker-pool-${Math.floor(rand() * 16)}`],
    ];
    const events: GenSpan['events'] = [];
    if (rand() < 0.15)
      events.push({
        timeUs: startUs + Math.floor(durationUs * rand()),
        name: EVENT_NAMES[Math.floor(rand() * EVENT_NAMES.length)] as string,
      });
    spans.push({
      spanId: newId(),
      parentIndex,
      service,
      name: OPERATIONS[Math.floor(rand() * OPERATIONS.length)] as string,
      kind,
      startUs,
      durationUs,
      error,
      attributes,
      events,
    });
    depth.push(parent ? (depth[parentIndex] as number) + 1 : 0);
  }
  return { traceId, services, spans };
}

const host = (trace: GenTrace, service: number) => `${trace.services[service]}-host`;

// ---- Jaeger UI JSON ----------------------------------------------------------------
export function* writeJaeger(trace: GenTrace): Generator<string> {
  // As Jaeger writes it: the trace id, the spans, then the processes they name.
  yield `{"data":[{"traceID":"${trace.traceId}","spans":[`;
  for (let i = 0; i < trace.spans.length; i++) {
    const s = trace.spans[i] as GenSpan;
    const parent = s.parentIndex >= 0 ? trace.spans[s.parentIndex] : undefined;
    const tags = [
      { key: 'span.kind', type: 'string', value: s.kind },
      ...s.attributes.map(([key, value]) => jaegerTag(key, value)),
    ];
    if (s.error) tags.push({ key: 'error', type: 'bool', value: true });
    const span = {
      traceID: trace.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: parent ? [{ refType: 'CHILD_OF', traceID: trace.traceId, spanID: parent.spanId }] : [],
      startTime: s.startUs,
      duration: s.durationUs,
      tags,
      logs: s.events.map((e) => ({ timestamp: e.timeUs, fields: [{ key: 'event', type: 'string', value: e.name }] })),
      processID: `p${s.service}`,
    };
    yield (i ? ',' : '') + JSON.stringify(span);
  }
  yield '],"processes":{';
  yield trace.services
    .map(
      (s, i) =>
        `"p${i}":{"serviceName":${JSON.stringify(s)},"tags":[{"key":"hostname","type":"string","value":"${host(trace, i)}"}]}`,
    )
    .join(',');
  yield '}}]}\n';
}

function jaegerTag(key: string, value: string | number | boolean) {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: 'int64', value };
  return { key, type: 'string', value };
}

// ---- Zipkin v2 ----------------------------------------------------------------------
export function* writeZipkin(trace: GenTrace): Generator<string> {
  yield '[';
  for (let i = 0; i < trace.spans.length; i++) {
    const s = trace.spans[i] as GenSpan;
    const parent = s.parentIndex >= 0 ? trace.spans[s.parentIndex] : undefined;
    const tags: Record<string, string> = Object.fromEntries(s.attributes.map(([k, v]) => [k, String(v)]));
    if (s.error) tags.error = 'generated failure';
    const span: Record<string, unknown> = {
      traceId: trace.traceId,
      id: s.spanId,
      ...(parent ? { parentId: parent.spanId } : {}),
      name: s.name,
      ...(s.kind === 'internal' ? {} : { kind: s.kind.toUpperCase() }),
      timestamp: s.startUs,
      duration: s.durationUs,
      localEndpoint: {
        serviceName: trace.services[s.service],
        ipv4: `10.0.${Math.floor(s.service / 250)}.${(s.service % 250) + 1}`,
      },
      annotations: s.events.map((e) => ({ timestamp: e.timeUs, value: e.name })),
      tags,
    };
    yield (i ? ',' : '') + JSON.stringify(span);
  }
  yield ']\n';
}

// ---- OTLP/JSON ----------------------------------------------------------------------
const OTLP_KIND: Record<GenKind, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

export function* writeOtlp(trace: GenTrace): Generator<string> {
  const byService: number[][] = trace.services.map(() => []);
  trace.spans.forEach((s, i) => byService[s.service]?.push(i));
  yield '{"resourceSpans":[';
  let firstResource = true;
  for (let service = 0; service < trace.services.length; service++) {
    const indices = byService[service] as number[];
    if (indices.length === 0) continue;
    const resource = {
      attributes: [
        otlpAttr('service.name', trace.services[service] as string),
        otlpAttr('host.name', host(trace, service)),
      ],
    };
    yield `${firstResource ? '' : ','}{"resource":${JSON.stringify(resource)},"scopeSpans":[{"scope":{"name":"gen-trace","version":"1"},"spans":[`;
    firstResource = false;
    for (let n = 0; n < indices.length; n++) {
      const s = trace.spans[indices[n] as number] as GenSpan;
      const parent = s.parentIndex >= 0 ? trace.spans[s.parentIndex] : undefined;
      const span = {
        traceId: trace.traceId,
        spanId: s.spanId,
        ...(parent ? { parentSpanId: parent.spanId } : {}),
        name: s.name,
        kind: OTLP_KIND[s.kind],
        startTimeUnixNano: `${s.startUs}000`,
        endTimeUnixNano: `${s.startUs + s.durationUs}000`,
        attributes: s.attributes.map(([k, v]) => otlpAttr(k, v)),
        events: s.events.map((e) => ({ timeUnixNano: `${e.timeUs}000`, name: e.name })),
        status: s.error ? { code: 2, message: 'generated failure' } : {},
      };
      yield (n ? ',' : '') + JSON.stringify(span);
    }
    yield ']}]}';
  }
  yield ']}\n';
}

function otlpAttr(key: string, value: string | number | boolean) {
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (typeof value === 'number') return { key, value: { intValue: String(value) } };
  return { key, value: { stringValue: value } };
}

export function writeTrace(trace: GenTrace, format: GenFormat): Generator<string> {
  return format === 'jaeger' ? writeJaeger(trace) : format === 'zipkin' ? writeZipkin(trace) : writeOtlp(trace);
}

export function traceText(trace: GenTrace, format: GenFormat): string {
  return [...writeTrace(trace, format)].join('');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spans: { type: 'string', default: '1000' },
      format: { type: 'string', default: 'otlp' },
      seed: { type: 'string', default: '1' },
      services: { type: 'string', default: '12' },
      out: { type: 'string' },
    },
  });
  const format = values.format as GenFormat;
  if (!['jaeger', 'zipkin', 'otlp'].includes(format))
    throw new Error(`--format must be jaeger, zipkin or otlp, not ${values.format}`);
  const trace = generateTrace({
    seed: Number(values.seed),
    spans: Number(values.spans),
    services: Number(values.services),
  });
  const out: NodeJS.WritableStream = values.out ? createWriteStream(values.out) : process.stdout;
  for (const chunk of writeTrace(trace, format)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  if (values.out) await new Promise<void>((resolve) => out.end(() => resolve()));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  main().catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
}
