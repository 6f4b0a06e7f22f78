// The query API over the span store, compatible with Jaeger's HTTP API v1
// (FORMATS.md §1). Ingest is in ingest.ts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { toJaegerTrace } from '../src/formats/jaeger/jaeger-writer';
import { normalizeTraceId } from '../src/model/ids';
import { parseGoDuration } from '../src/model/time';
import type { SearchQuery, SpanStore } from './span-store';

function envelope<T>(data: T, total = 0) {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function fail(reply: FastifyReply, code: number, msg: string) {
  return reply.code(code).send({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
}

export function registerApi(app: FastifyInstance, store: SpanStore): void {
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

  // Jaeger JSON is made from the stored OTLP on each request: Jaeger UI reads it; Skein's page reads OTLP (v3), faster.
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

const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Jaeger's search parameters (µs epochs, Go durations, JSON or key:value tags) → a store query. */
export function searchQuery(
  q: Record<string, string | string[] | undefined>,
): { query: SearchQuery; traceIds?: string[] } | string {
  const traceIds = list(q.traceID).map(normalizeTraceId).filter(Boolean);
  if (traceIds.length) return { query: {}, traceIds };
  const service = list(q.service)[0];
  if (!service) return 'parameter "service" is required (or give traceID)';
  const tags: Record<string, string> = {};
  for (const raw of list(q.tags)) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return `tags must be a JSON object of strings, not ${raw}`;
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
  if (
    query.minDurationUs !== undefined &&
    query.maxDurationUs !== undefined &&
    query.maxDurationUs < query.minDurationUs
  ) {
    return 'maxDuration must be at least minDuration';
  }
  return { query };
}
