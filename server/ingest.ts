// Receiving telemetry: OTLP/HTTP (JSON or protobuf, gzip or deflate) and
// Zipkin v2, on the app's port and on OTLP's own (4318). Traces are stored;
// logs and metrics are accepted (an SDK that exports all three must not see
// errors) and dropped, counted in the server log. Browsers may send from the
// origins CORS allows (by default any localhost page).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';
import { otlpResourceSpans, parseOtlp, type SpanOrigins } from '../src/formats/otlp/otlp';
import { parseZipkin } from '../src/formats/zipkin/zipkin';
import { countProtoSpans, decodeTraceRequest, encodeTraceResponse } from '../src/formats/otlp/otlp-proto';
import { formatEpochUs } from '../src/model/time';
import type { WireSpan } from '../src/model/trace';
import type { SpanStore } from './span-store';
import { errorText } from '../src/model/text';

export interface IngestOptions {
  /**
   * Origins a browser may send from: exact origins (`https://app.example`),
   * `*` for any, or the default: any port of localhost, 127.0.0.1 and [::1].
   */
  corsOrigins?: readonly string[];
  /** Where the count of dropped logs and metrics goes (the server log). */
  log?: (line: string) => void;
  /** Most spans one request may carry (default 100,000); a larger one is refused before it is decoded. */
  maxSpansPerRequest?: number;
  /**
   * Spans starting further than this from the receive time are rejected (partial success); 0 accepts any time. Default
   * one year.
   */
  plausibleWindowUs?: number;
  /** Where OTLP trace bodies go (the ingest thread); by default they are decoded and stored here. */
  exporter?: TraceExporter;
}

/** What a received body is: OTLP/JSON, OTLP protobuf, or Zipkin v2 JSON. */
export type BodyFormat = 'json' | 'protobuf' | 'zipkin';

/** Decodes and stores one trace export body. */
export type TraceExporter = (body: Uint8Array, format: BodyFormat) => Promise<ExportAnswer>;

const decoder = new TextDecoder();

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MAX_JSON_DEPTH = 1000;
/** The bytes of the key "spans". */
const SPANS_KEY = [0x73, 0x70, 0x61, 0x6e, 0x73];

/**
 * How many objects stand directly in arrays named "spans" in a JSON body —
 * the spans of an OTLP request — read from the bytes without parsing them, so
 * a request of millions of tiny spans is refused before it costs memory.
 * -1 when the text nests deeper than any OTLP request does.
 */
export function countJsonSpans(bytes: Uint8Array): number {
  return scanJsonSpans(bytes, 0).count;
}

/** Where span objects lie in a JSON body: `[start, end)` byte offsets, for the first `keep` of them. */
export interface SpanRanges {
  count: number;
  starts: number[];
  ends: number[];
}

const OTHER = 0;
const SPAN_LIST = 1;
const SPAN_OBJECT = 2;

/** countJsonSpans, also noting the byte range of each of the first `keep` span objects. */
export function scanJsonSpans(bytes: Uint8Array, keep: number): SpanRanges {
  // For each open container: a list named "spans", an object in one, or anything else.
  const stack: number[] = [];
  const ranges: SpanRanges = { count: 0, starts: [], ends: [] };
  let lastSpans = false;
  let keyPending = false;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      const start = ++i;
      while (i < n && bytes[i] !== QUOTE) i += bytes[i] === BACKSLASH ? 2 : 1;
      lastSpans = i - start === SPANS_KEY.length && SPANS_KEY.every((b, k) => bytes[start + k] === b);
      i++;
      continue;
    }
    if (c === COLON) keyPending = lastSpans;
    else if (c === 0x5b /* [ */) {
      stack.push(keyPending ? SPAN_LIST : OTHER);
      keyPending = false;
      if (stack.length > MAX_JSON_DEPTH) return { count: -1, starts: [], ends: [] };
    } else if (c === 0x7b /* { */) {
      const span = stack[stack.length - 1] === SPAN_LIST;
      if (span && ranges.count++ < keep) ranges.starts.push(i);
      stack.push(span ? SPAN_OBJECT : OTHER);
      keyPending = false;
      if (stack.length > MAX_JSON_DEPTH) return { count: -1, starts: [], ends: [] };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (stack.pop() === SPAN_OBJECT && ranges.ends.length < ranges.starts.length) ranges.ends.push(i + 1);
    } else if (c === 0x2c /* , */) keyPending = false;
    i++;
  }
  return ranges;
}

/** An export body as bytes → stored: JSON is counted then parsed here, protobuf counted and decoded by exportTraces. */
export async function exportBody(
  store: SpanStore,
  body: Uint8Array,
  format: BodyFormat,
  options: IngestOptions = {},
): Promise<ExportAnswer> {
  if (format === 'protobuf') return exportTraces(store, body, options);
  if (format === 'zipkin') return exportZipkin(store, body, options);
  const maxSpans = options.maxSpansPerRequest ?? DEFAULT_MAX_SPANS_PER_REQUEST;
  const ranges = scanJsonSpans(body, maxSpans);
  if (ranges.count === -1)
    return { ok: false, status: 400, message: `not an OTLP request: JSON nested more than ${MAX_JSON_DEPTH} levels` };
  if (ranges.count > maxSpans)
    return {
      ok: false,
      status: 413,
      message: `the request carries ${ranges.count} spans; at most ${maxSpans} are accepted in one request`,
    };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch (error) {
    return { ok: false, status: 400, message: `not valid JSON: ${errorText(error)}` };
  }
  return exportTraces(store, value, options, Date.now() * 1000, { body, ranges });
}

/**
 * The received bytes of each span, where they can stand for it: the span
 * objects read line up with the ranges found in the bytes, and the span's ids
 * were written as its stored ids are (lowercase hex), so the bytes read back
 * as the same span. Others get null and are written anew.
 */
function receivedTexts(
  spans: readonly WireSpan[],
  origins: SpanOrigins,
  received: { body: Uint8Array; ranges: SpanRanges },
): Array<Uint8Array | null> {
  const { body, ranges } = received;
  const aligned = origins.seen === ranges.count && ranges.ends.length === ranges.count;
  return spans.map((span, k) => {
    if (!aligned) return null;
    const raw = origins.raw[k] as Record<string, unknown>;
    if (raw.traceId !== span.traceId || raw.spanId !== span.spanId || (raw.parentSpanId ?? '') !== span.parentSpanId)
      return null;
    const place = origins.places[k] as number;
    const bytes = body.subarray(ranges.starts[place] as number, ranges.ends[place] as number);
    // The range must be this span's object: its id stands in it.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(`"${span.spanId}"`) ? bytes : null;
  });
}

/** Zipkin API v2: a JSON array of spans; refused when it holds no valid span. */
async function exportZipkin(store: SpanStore, body: Uint8Array, options: IngestOptions): Promise<ExportAnswer> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch (error) {
    return { ok: false, status: 400, message: `not valid JSON: ${errorText(error)}` };
  }
  if (!Array.isArray(value)) return { ok: false, status: 400, message: 'expected a JSON array of Zipkin v2 spans' };
  const maxSpans = options.maxSpansPerRequest ?? DEFAULT_MAX_SPANS_PER_REQUEST;
  if (value.length > maxSpans)
    return {
      ok: false,
      status: 413,
      message: `the request carries ${value.length} spans; at most ${maxSpans} are accepted in one request`,
    };
  const { spans, warnings } = parseZipkin(value);
  const problems = warnings.filter((w) => w.code === 'rejected-span').map((w) => w.message);
  const kept = plausible(spans, options, Date.now() * 1000, problems);
  if (kept.length === 0 && value.length > 0)
    return { ok: false, status: 400, message: rejectionMessage(problems.length ? problems : ['no valid span']) };
  await store.insertQueued(kept);
  return { ok: true, stored: kept.length, rejected: problems.length, message: rejectionMessage(problems) };
}

export const DEFAULT_MAX_SPANS_PER_REQUEST = 100_000;
export const DEFAULT_PLAUSIBLE_WINDOW_US = 366 * 24 * 3600 * 1e6;

/** What one OTLP trace export came to: stored with some spans rejected, or refused whole. */
export type ExportAnswer =
  | { ok: true; stored: number; rejected: number; message: string }
  | { ok: false; status: 400 | 413 | 503; message: string };

function jsonSpanCount(list: unknown[]): number {
  let n = 0;
  for (const rs of list) {
    if (!rs || typeof rs !== 'object') continue;
    const record = rs as Record<string, unknown>;
    const scopes = record.scopeSpans ?? record.instrumentationLibrarySpans;
    if (!Array.isArray(scopes)) continue;
    for (const ss of scopes) {
      const spans = ss && typeof ss === 'object' ? (ss as Record<string, unknown>).spans : undefined;
      if (Array.isArray(spans)) n += spans.length;
    }
  }
  return n;
}

/**
 * One OTLP trace export (a protobuf body, or OTLP/JSON already parsed) into
 * the store: refused whole when it is malformed or carries more spans than
 * allowed; otherwise every valid span is stored and the others are counted,
 * with at most 10 problems named.
 */
export async function exportTraces(
  store: SpanStore,
  body: Uint8Array | unknown,
  options: IngestOptions = {},
  nowUs = Date.now() * 1000,
  received?: { body: Uint8Array; ranges: SpanRanges },
): Promise<ExportAnswer> {
  const maxSpans = options.maxSpansPerRequest ?? DEFAULT_MAX_SPANS_PER_REQUEST;
  let value: unknown = body;
  if (body instanceof Uint8Array) {
    const count = countProtoSpans(body);
    if (count === -1)
      return {
        ok: false,
        status: 400,
        message: 'not an OTLP ExportTraceServiceRequest in protobuf: the bytes are not well-formed',
      };
    if (count > maxSpans)
      return {
        ok: false,
        status: 413,
        message: `the request carries ${count} spans; at most ${maxSpans} are accepted in one request`,
      };
    try {
      value = decodeTraceRequest(body);
    } catch (error) {
      return {
        ok: false,
        status: 400,
        message: `not an OTLP ExportTraceServiceRequest in protobuf: ${errorText(error)}`,
      };
    }
  }
  const found = otlpResourceSpans(value);
  if (!found) {
    const what =
      value && typeof value === 'object'
        ? `an object with keys {${Object.keys(value).slice(0, 8).join(', ')}}`
        : typeof value;
    return {
      ok: false,
      status: 400,
      message: `expected an OTLP ExportTraceServiceRequest with resourceSpans; found ${what}`,
    };
  }
  const count = jsonSpanCount(found.list);
  if (count > maxSpans)
    return {
      ok: false,
      status: 413,
      message: `the request carries ${count} spans; at most ${maxSpans} are accepted in one request`,
    };
  const origins: SpanOrigins = { raw: [], places: [], seen: 0 };
  const { spans, warnings } = parseOtlp(value, received ? origins : undefined);
  const problems = warnings.filter((w) => w.code === 'rejected-span').map((w) => w.message);
  const texts = received ? receivedTexts(spans, origins, received) : null;
  const keptTexts: Array<Uint8Array | null> = [];
  const kept = plausible(spans, options, nowUs, problems, (k) => keptTexts.push(texts?.[k] ?? null));
  await store.insertQueued(kept, Date.now() * 1000, keptTexts);
  return { ok: true, stored: kept.length, rejected: problems.length, message: rejectionMessage(problems) };
}

/** The spans whose start lies within the plausible window around now; the others become problems. */
export function plausible(
  spans: WireSpan[],
  options: IngestOptions,
  nowUs: number,
  problems: string[],
  onKept?: (index: number) => void,
): WireSpan[] {
  const window = options.plausibleWindowUs ?? DEFAULT_PLAUSIBLE_WINDOW_US;
  const kept: WireSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k] as WireSpan;
    if (window <= 0 || Math.abs(span.startUs - nowUs) <= window) {
      kept.push(span);
      onKept?.(k);
    } else
      problems.push(
        `span ${span.spanId}: starts ${formatEpochUs(span.startUs)}, more than ${Math.round(window / 86_400e6)} days from now`,
      );
  }
  return kept;
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
const INGEST_PATHS = ['/v1/traces', '/v1/logs', '/v1/metrics', '/api/v2/spans'];

/** Whether a browser page at `origin` may send telemetry here. */
export function originAllowed(origin: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return LOCAL_ORIGIN.test(origin);
  return allowed.includes('*') || allowed.includes(origin);
}

function corsHeaders(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[] | undefined): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !originAllowed(origin, allowed)) return false;
  reply.header('access-control-allow-origin', allowed?.includes('*') ? '*' : origin);
  reply.header('vary', 'Origin');
  return true;
}

/** Counts dropped signals and logs the count at most once a minute, so a chatty SDK cannot flood the log. */
export class DropCounter {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly log: (line: string) => void) {}

  add(signal: string, bytes: number): void {
    this.counts.set(signal, (this.counts.get(signal) ?? 0) + 1);
    if (this.timer) return;
    const first = this.counts.size === 1 && this.counts.get(signal) === 1;
    if (first) this.flush(`(${bytes} bytes)`);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush('');
    }, 60_000);
    this.timer.unref();
  }

  private flush(detail: string): void {
    if (this.counts.size === 0) return;
    const parts = Array.from(this.counts, ([signal, n]) => `${n} ${signal} request${n === 1 ? '' : 's'}`);
    this.log(`dropped ${parts.join(' and ')} ${detail}: Skein stores traces only`.replace(/ +:/, ':'));
    this.counts.clear();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Gzip/deflate bodies and protobuf bodies, for every route of `app`. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'deflate') return payload;
    const decoded = Object.assign(payload.pipe(encoding === 'gzip' ? createGunzip() : createInflate()), {
      receivedEncodedLength: 0,
    });
    // Fastify checks Content-Length against the bytes received on the wire, not the decoded ones.
    payload.on('data', (chunk: Buffer) => (decoded.receivedEncodedLength += chunk.length));
    return decoded;
  });
  app.addContentTypeParser(
    ['application/x-protobuf', 'application/protobuf'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
}

/** The ingest routes, with CORS (preflight answered) for browser SDKs. */
export function registerIngest(app: FastifyInstance, store: SpanStore, options: IngestOptions = {}): void {
  const allowed = options.corsOrigins;
  const drops = new DropCounter(options.log ?? ((line) => console.log(line)));
  app.addHook('onClose', async () => drops.stop());

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!INGEST_PATHS.includes(path)) return;
    const ok = corsHeaders(request, reply, allowed);
    if (request.method !== 'OPTIONS') return;
    if (!ok)
      return reply.code(403).send({
        message: `origin ${String(request.headers.origin ?? '(none)')} may not send telemetry here (see --cors-origins)`,
      });
    reply.header('access-control-allow-methods', 'POST, OPTIONS');
    reply.header(
      'access-control-allow-headers',
      String(request.headers['access-control-request-headers'] ?? 'content-type, content-encoding'),
    );
    reply.header('access-control-max-age', '86400');
    return reply.code(204).send();
  });

  // OTLP/HTTP traces (JSON or protobuf) and Zipkin v2, taken as bytes and decoded where they are stored
  // (the ingest thread when there is one). Valid spans are stored even when their neighbours are not.
  const exporter =
    options.exporter ?? ((body: Uint8Array, format: BodyFormat) => exportBody(store, body, format, options));
  const bytesOf = (request: FastifyRequest) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  };
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/v1/traces', async (request, reply) => {
      const json = !/protobuf/i.test(String(request.headers['content-type'] ?? ''));
      const answer = await exporter(bytesOf(request), json ? 'json' : 'protobuf');
      // google.rpc.Status in the body, as the OTLP/HTTP specification asks (code 3: INVALID_ARGUMENT).
      if (!answer.ok) return reply.code(answer.status).send({ code: 3, message: answer.message });
      if (!json)
        return reply
          .type('application/x-protobuf')
          .send(Buffer.from(encodeTraceResponse(answer.rejected, answer.message)));
      return answer.rejected
        ? { partialSuccess: { rejectedSpans: String(answer.rejected), errorMessage: answer.message } }
        : {};
    });
    // Zipkin API v2: POST a JSON array of spans; 202 once stored.
    scope.post('/api/v2/spans', async (request, reply) => {
      const answer = await exporter(bytesOf(request), 'zipkin');
      if (!answer.ok) return reply.code(answer.status).send({ message: answer.message });
      return reply.code(202).send();
    });
  });

  // Logs and metrics: accepted with an empty (full success) answer, dropped, counted.
  for (const signal of ['logs', 'metrics'] as const) {
    app.post(`/v1/${signal}`, async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body.length : JSON.stringify(request.body ?? null).length;
      drops.add(signal, bytes);
      if (Buffer.isBuffer(request.body)) return reply.type('application/x-protobuf').send(Buffer.alloc(0));
      return {};
    });
  }
}

/** The first 10 problems of a request, then how many more: a rejection stays small whatever was sent. */
export function rejectionMessage(problems: readonly string[]): string {
  const shown = problems.slice(0, 10).join('; ');
  return problems.length > 10 ? `${shown}; and ${problems.length - 10} more` : shown;
}
