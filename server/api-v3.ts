// Jaeger's query API v3 over HTTP, as Jaeger v2 serves it (FORMATS.md §2), so
// the current Jaeger UI, pointed at this server, lists services and
// operations, searches (trace summaries) and reads traces as OTLP/JSON.
// Canonical camelCase parameters and their snake_case aliases are both read.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { microsToNanos, toOtlpTraces } from '../src/formats/otlp/otlp-writer';
import { normalizeTraceId } from '../src/model/ids';
import { parseGoDuration } from '../src/model/time';
import type { WireSpan } from '../src/model/trace';
import type { SearchQuery, SpanStore, StoredSummary } from './span-store';

type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
/** The canonical parameter, else its legacy alias; with the name that was used (for messages). */
function param(q: Query, ...names: string[]): [string | undefined, string] {
  for (const name of names) {
    const value = first(q[name]);
    if (value !== undefined && value !== '') return [value, name];
  }
  return [undefined, names[0] as string];
}

/** Go's error body, with the HTTP code. */
function fail(reply: FastifyReply, httpCode: number, message: string) {
  return reply.code(httpCode).send({ error: { httpCode, message } });
}

/**
 * An RFC 3339 time with up to nanoseconds (`2026-12-03T10:00:00.123456789Z`,
 * `…+01:00`) → epoch µs; null when it is not one. Date.parse keeps only
 * milliseconds, so the fraction is read apart.
 */
export function parseRfc3339Us(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text.trim());
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}${(match[3] as string).toUpperCase()}`);
  if (!Number.isFinite(seconds)) return null;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return seconds * 1000 + Number(fraction.slice(0, 6)) + Number(fraction.slice(6)) / 1000;
}

/** The find parameters of /api/v3/traces and /api/v3/trace-summaries → a store query, or what is wrong. */
export function findQuery(q: Query): SearchQuery | string {
  const [min, minName] = param(q, 'query.startTimeMin', 'query.start_time_min');
  const [max, maxName] = param(q, 'query.startTimeMax', 'query.start_time_max');
  if (min === undefined || max === undefined) return 'query.startTimeMin and query.startTimeMax are required';
  const startUs = parseRfc3339Us(min);
  if (startUs === null) return `malformed parameter ${minName}: not an RFC 3339 time: "${min.slice(0, 64)}"`;
  const endUs = parseRfc3339Us(max);
  if (endUs === null) return `malformed parameter ${maxName}: not an RFC 3339 time: "${max.slice(0, 64)}"`;
  if (endUs <= startUs) return 'query.startTimeMin must be before query.startTimeMax';
  const duration = (canonical: string, legacy: string): number | undefined | string => {
    const [raw, name] = param(q, canonical, legacy);
    if (raw === undefined) return undefined;
    return (
      parseGoDuration(raw) ?? `malformed parameter ${name}: not a duration such as 10ms or 1.5s: "${raw.slice(0, 32)}"`
    );
  };
  const minDurationUs = duration('query.durationMin', 'query.duration_min');
  const maxDurationUs = duration('query.durationMax', 'query.duration_max');
  if (typeof minDurationUs === 'string') return minDurationUs;
  if (typeof maxDurationUs === 'string') return maxDurationUs;
  const [depth, depthName] = param(q, 'query.searchDepth', 'query.search_depth', 'query.num_traces');
  const limit = depth === undefined ? 100 : Number(depth);
  if (!Number.isInteger(limit) || limit < 0)
    return `malformed parameter ${depthName}: not a whole number: "${String(depth).slice(0, 32)}"`;
  const tags: Record<string, string> = {};
  const [attributes] = param(q, 'query.attributes');
  if (attributes !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(attributes);
    } catch {
      return 'malformed parameter query.attributes: not JSON';
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return 'malformed parameter query.attributes: expected a JSON object of strings';
    for (const [key, value] of Object.entries(parsed)) tags[key] = String(value);
  }
  return {
    service: param(q, 'query.serviceName', 'query.service_name')[0],
    operation: param(q, 'query.operationName', 'query.operation_name')[0],
    tags,
    startUs,
    endUs,
    minDurationUs,
    maxDurationUs,
    limit: limit === 0 ? 100 : Math.min(limit, 1000),
  };
}

export interface TraceSummary {
  traceId: string;
  rootServiceName?: string;
  rootOperationName?: string;
  minStartTimeUnixNano: string;
  maxEndTimeUnixNano: string;
  spanCount: number;
  errorSpanCount?: number;
  orphanSpanCount?: number;
  services: Array<{ name: string; spanCount: number; errorSpanCount?: number }>;
}

/** A summary from the store's columns as API v3 writes it (counters absent when zero). */
export function toV3Summary(s: StoredSummary): TraceSummary {
  return {
    traceId: s.traceId,
    ...(s.rootService ? { rootServiceName: s.rootService } : {}),
    ...(s.rootName ? { rootOperationName: s.rootName } : {}),
    minStartTimeUnixNano: microsToNanos(s.startUs),
    maxEndTimeUnixNano: microsToNanos(s.endUs),
    spanCount: s.spans,
    ...(s.errors ? { errorSpanCount: s.errors } : {}),
    ...(s.orphans ? { orphanSpanCount: s.orphans } : {}),
    services: s.services.map((x) => ({
      name: x.name,
      spanCount: x.spans,
      ...(x.errors ? { errorSpanCount: x.errors } : {}),
    })),
  };
}

/** A trace id as Jaeger takes it in a path: hex (up to 32 digits) or base64 of its 16 bytes. */
export function traceIdFromPath(raw: string): string | null {
  if (/^[0-9a-f]{1,32}$/i.test(raw)) return normalizeTraceId(raw);
  if (raw.length <= 24 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    const bytes = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 16 || bytes.length === 8) return normalizeTraceId(bytes.toString('hex'));
  }
  return null;
}

/** `{"result": …}` around a trace's pieces, the first already taken (to tell a missing trace from a found one). */
function* wrapped(first: Buffer | string, rest: Generator<Buffer | string, boolean>): Generator<Buffer | string> {
  yield '{"result":';
  yield first;
  yield* rest;
  yield '}';
}

export function registerApiV3(app: FastifyInstance, store: SpanStore): void {
  app.get('/api/v3/services', async () => ({ services: store.services() }));

  app.get<{ Querystring: Query }>('/api/v3/operations', async (request) => {
    const service = first(request.query.service) ?? '';
    const [kind] = param(request.query, 'spanKind', 'span_kind');
    const operations = service ? store.operations(service, kind) : [];
    return { operations: operations.map((o) => ({ name: o.name, spanKind: o.spanKind || 'internal' })) };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/api/v3/traces/:id', async (request, reply) => {
    const traceId = traceIdFromPath(request.params.id);
    if (!traceId)
      return fail(reply, 400, `malformed parameter trace_id: not a trace id: "${request.params.id.slice(0, 64)}"`);
    for (const [canonical, legacy] of [
      ['startTime', 'start_time'],
      ['endTime', 'end_time'],
    ] as const) {
      const [raw, name] = param(request.query, canonical, legacy);
      if (raw !== undefined && parseRfc3339Us(raw) === null)
        return fail(reply, 400, `malformed parameter ${name}: not an RFC 3339 time: "${raw.slice(0, 64)}"`);
    }
    // The stored OTLP bytes, joined and streamed: no span is converted again.
    const parts = store.otlpTraceText(traceId);
    const first = parts.next();
    if (first.done) return fail(reply, 404, 'No traces found');
    return reply.type('application/json; charset=utf-8').send(Readable.from(wrapped(first.value, parts)));
  });

  app.get<{ Querystring: Query }>('/api/v3/traces', async (request, reply) => {
    const query = findQuery(request.query);
    if (typeof query === 'string') return fail(reply, 400, query);
    const spans: WireSpan[] = [];
    for (const id of store.search(query)) for (const span of store.spansOf(id)) spans.push(span);
    if (spans.length === 0) return fail(reply, 404, 'No traces found');
    return { result: toOtlpTraces(spans) };
  });

  app.get<{ Querystring: Query }>('/api/v3/trace-summaries', async (request, reply) => {
    const query = findQuery(request.query);
    if (typeof query === 'string') return fail(reply, 400, query);
    return { summaries: store.summaries(store.search(query)).map(toV3Summary) };
  });
}
