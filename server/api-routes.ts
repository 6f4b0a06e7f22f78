// Ingest (OTLP/HTTP, Zipkin v2) and a query API compatible with Jaeger's
// HTTP API v1 (FORMATS.md §1), over the span store.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';
import { toJaegerTrace } from '../src/formats/jaeger-writer';
import { normalizeTraceId } from '../src/model/ids';
import { otlpResourceSpans, parseOtlp } from '../src/formats/otlp';
import { parseZipkin } from '../src/formats/zipkin';
import { parseGoDuration } from '../src/model/time';
import { decodeTraceRequest, encodeTraceResponse } from './otlp-proto';
import type { SearchQuery, SpanStore } from './span-store';

function envelope<T>(data: T, total = 0) {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function fail(reply: FastifyReply, code: number, msg: string) {
  return reply.code(code).send({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
}

export function registerApi(app: FastifyInstance, store: SpanStore): void {
  // Compressed request bodies (OTLP exporters gzip by default).
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'deflate') return payload;
    const decoded = Object.assign(payload.pipe(encoding === 'gzip' ? createGunzip() : createInflate()), { receivedEncodedLength: 0 });
    // Fastify checks Content-Length against the bytes received on the wire, not the decoded ones.
    payload.on('data', (chunk: Buffer) => (decoded.receivedEncodedLength += chunk.length));
    return decoded;
  });
  app.addContentTypeParser(['application/x-protobuf', 'application/protobuf'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // OTLP/HTTP traces: JSON or protobuf. Valid spans are stored even when their neighbours are not.
  app.post('/v1/traces', async (request, reply) => {
    const protobufBody = Buffer.isBuffer(request.body);
    let value: unknown;
    if (protobufBody) {
      try {
        value = decodeTraceRequest(request.body as Buffer);
      } catch (error) {
        return reply.code(400).send({ code: 3, message: `not an OTLP ExportTraceServiceRequest in protobuf: ${error instanceof Error ? error.message : String(error)}` });
      }
    } else value = request.body;
    if (!otlpResourceSpans(value)) {
      const found = value && typeof value === 'object' ? `an object with keys {${Object.keys(value).slice(0, 8).join(', ')}}` : typeof value;
      return reply.code(400).send({ code: 3, message: `expected an OTLP ExportTraceServiceRequest with resourceSpans; found ${found}` });
    }
    const { spans, warnings } = parseOtlp(value);
    const rejected = warnings.filter((w) => w.code === 'rejected-span');
    store.insert(spans);
    const message = rejected.map((w) => w.message).join('; ');
    if (protobufBody) return reply.type('application/x-protobuf').send(Buffer.from(encodeTraceResponse(rejected.length, message)));
    return rejected.length ? { partialSuccess: { rejectedSpans: String(rejected.length), errorMessage: message } } : {};
  });

  // Zipkin API v2: POST a JSON array of spans.
  app.post('/api/v2/spans', async (request, reply) => {
    if (!Array.isArray(request.body)) return reply.code(400).send({ message: 'expected a JSON array of Zipkin v2 spans' });
    const { spans, warnings } = parseZipkin(request.body);
    if (spans.length === 0 && request.body.length > 0) return reply.code(400).send({ message: warnings[0]?.message ?? 'no valid span' });
    store.insert(spans);
    return reply.code(202).send();
  });

  app.get('/api/services', async () => {
    const services = store.services();
    return envelope(services, services.length);
  });

  app.get<{ Params: { service: string } }>('/api/services/:service/operations', async (request) => {
    const names = [...new Set(store.operations(request.params.service).map((o) => o.name))];
    return envelope(names, names.length);
  });

  app.get<{ Querystring: { service?: string; spanKind?: string } }>('/api/operations', async (request, reply) => {
    if (!request.query.service) return fail(reply, 400, 'parameter "service" is required');
    const operations = store.operations(request.query.service, request.query.spanKind || undefined);
    return envelope(operations, operations.length);
  });

  app.get<{ Params: { id: string } }>('/api/traces/:id', async (request, reply) => {
    const traceId = normalizeTraceId(request.params.id);
    const spans = store.spansOf(traceId);
    if (spans.length === 0) return fail(reply, 404, `trace ${request.params.id} not found`);
    return envelope([toJaegerTrace(traceId, spans)]);
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/api/traces', async (request, reply) => {
    const parsed = searchQuery(request.query);
    if (typeof parsed === 'string') return fail(reply, 400, parsed);
    const ids = parsed.traceIds ?? store.search(parsed.query);
    const traces = ids
      .map((id) => [id, store.spansOf(id)] as const)
      .filter(([, spans]) => spans.length > 0)
      .map(([id, spans]) => toJaegerTrace(id, spans));
    return envelope(traces);
  });

  app.get<{ Querystring: { endTs?: string; lookback?: string } }>('/api/dependencies', async (request) => {
    const endMs = Number(request.query.endTs ?? Date.now());
    const lookbackMs = Number(request.query.lookback ?? 24 * 3600 * 1000);
    return envelope(store.dependencies(endMs * 1000, lookbackMs * 1000));
  });
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Jaeger's search parameters (µs epochs, Go durations, JSON or key:value tags) → a store query. */
export function searchQuery(q: Record<string, string | string[] | undefined>): { query: SearchQuery; traceIds?: string[] } | string {
  const traceIds = list(q.traceID).map(normalizeTraceId).filter(Boolean);
  if (traceIds.length) return { query: {}, traceIds };
  const service = list(q.service)[0];
  if (!service) return 'parameter "service" is required (or give traceID)';
  const tags: Record<string, string> = {};
  for (const raw of list(q.tags)) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return `tags must be a JSON object of strings, not ${raw}`;
      for (const [k, v] of Object.entries(parsed)) tags[k] = String(v);
    } catch {
      return `tags is not valid JSON: ${raw}`;
    }
  }
  for (const raw of list(q.tag)) {
    const colon = raw.indexOf(':');
    if (colon <= 0) return `tag must be key:value, not ${raw}`;
    tags[raw.slice(0, colon)] = raw.slice(colon + 1);
  }
  const number = (name: string) => {
    const raw = list(q[name])[0];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : NaN;
  };
  const duration = (name: string) => {
    const raw = list(q[name])[0];
    if (raw === undefined || raw === '') return undefined;
    return parseGoDuration(raw) ?? NaN;
  };
  const query: SearchQuery = {
    service,
    operation: list(q.operation)[0] || undefined,
    tags,
    startUs: number('start'),
    endUs: number('end'),
    minDurationUs: duration('minDuration'),
    maxDurationUs: duration('maxDuration'),
    limit: number('limit') ?? 20,
  };
  for (const [name, value] of Object.entries({ start: query.startUs, end: query.endUs, limit: query.limit })) {
    if (Number.isNaN(value)) return `parameter "${name}" must be a number`;
  }
  if (Number.isNaN(query.minDurationUs)) return 'minDuration must be a duration such as 1.5ms or 2s';
  if (Number.isNaN(query.maxDurationUs)) return 'maxDuration must be a duration such as 1.5ms or 2s';
  if (query.minDurationUs !== undefined && query.maxDurationUs !== undefined && query.maxDurationUs < query.minDurationUs) {
    return 'maxDuration must be at least minDuration';
  }
  return { query };
}
