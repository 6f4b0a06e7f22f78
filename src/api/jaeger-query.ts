// Jaeger's query API v1 (FORMATS.md §1): the embedded server speaks it, and so
// does every released Jaeger up to v2.20. Search parameters: µs epochs, Go
// durations, tags as a JSON map. Jaeger's main branch removed v1 services,
// operations and search: when v1 answers 404 there, the source switches to
// API v3 (§2: RFC 3339 windows, OTLP results, 404 for "no traces").
import { parseJaeger } from '../formats/jaeger/jaeger';
import { nanosToMicros, parseOtlp } from '../formats/otlp/otlp';
import { ApiError, requestJson, request, type Fetch } from './http';
import { summarize, type Dependency, type SearchParams, type TraceSource, type TraceSummaryRow } from './trace-source';
import type { WireSpan } from '../model/trace';

interface Envelope<T> {
  data: T;
}

function goDuration(us: number): string {
  return us % 1000 === 0 ? `${us / 1000}ms` : `${us}us`;
}

/**
 * A Jaeger query service. `summaries`: it answers API v3 with trace
 * summaries (Jaeger ≥ 2.19, Skein's server): searches ask for summaries, not
 * whole traces, and traces come as OTLP/JSON, which reads fastest.
 */
export function jaegerSource(
  id: string,
  label: string,
  baseUrl: string,
  fetchImpl?: Fetch,
  options: { summaries?: boolean } = {},
): TraceSource {
  const base = baseUrl.replace(/\/$/, '');
  const opts = (signal?: AbortSignal) => ({ signal, fetch: fetchImpl });
  let v3 = options.summaries === true;
  const summaries = options.summaries === true;
  /** Runs the v1 call; on a 404 from a Jaeger without v1 search, switches to v3 for good. */
  async function either<T>(v1: () => Promise<T>, v3Call: () => Promise<T>): Promise<T> {
    if (v3) return v3Call();
    try {
      return await v1();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      v3 = true;
      return v3Call();
    }
  }
  const v3Search = async (params: SearchParams, signal?: AbortSignal): Promise<TraceSummaryRow[]> => {
    const q = new URLSearchParams({
      ...(params.service ? { 'query.service_name': params.service } : {}),
      'query.start_time_min': new Date(params.startUs / 1000).toISOString(),
      'query.start_time_max': new Date(params.endUs / 1000).toISOString(),
      'query.num_traces': String(params.limit),
    });
    if (params.operation) q.set('query.operation_name', params.operation);
    if (params.minDurationUs !== undefined) q.set('query.duration_min', goDuration(params.minDurationUs));
    if (params.maxDurationUs !== undefined) q.set('query.duration_max', goDuration(params.maxDurationUs));
    if (params.tags && Object.keys(params.tags).length) q.set('query.attributes', JSON.stringify(params.tags));
    if (summaries) {
      const found = await requestJson<{ summaries?: V3Summary[] }>(`${base}/api/v3/trace-summaries?${q}`, opts(signal));
      return (found.summaries ?? []).map(fromV3Summary);
    }
    let body: unknown;
    try {
      body = await requestJson<unknown>(`${base}/api/v3/traces?${q}`, opts(signal));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return []; // v3 says "No traces found" with a 404
      throw error;
    }
    return summarizeAll(parseOtlp(body).spans);
  };
  return {
    id,
    label,
    // Skein's server searches every service at once; Jaeger's v1 and v3 searches need a service.
    allServices: summaries,
    services(signal) {
      return either(
        async () =>
          [...((await requestJson<Envelope<string[] | null>>(`${base}/api/services`, opts(signal))).data ?? [])].sort(),
        async () =>
          [
            ...((await requestJson<{ services?: string[] }>(`${base}/api/v3/services`, opts(signal))).services ?? []),
          ].sort(),
      );
    },
    operations(service, signal) {
      return either(
        async () =>
          [
            ...((
              await requestJson<Envelope<string[] | null>>(
                `${base}/api/services/${encodeURIComponent(service)}/operations`,
                opts(signal),
              )
            ).data ?? []),
          ].sort(),
        async () => {
          const body = await requestJson<{ operations?: Array<{ name: string }> }>(
            `${base}/api/v3/operations?service=${encodeURIComponent(service)}`,
            opts(signal),
          );
          return [...new Set((body.operations ?? []).map((o) => o.name))].sort();
        },
      );
    },
    search(params, signal) {
      return either(
        () => v1Search(params, signal),
        () => v3Search(params, signal),
      );
    },
    async trace(traceId, signal) {
      const path = summaries
        ? `/api/v3/traces/${encodeURIComponent(traceId)}`
        : `/api/traces/${encodeURIComponent(traceId)}`;
      const response = await request(`${base}${path}`, opts(signal));
      return await response.blob();
    },
    async dependencies(endUs, lookbackUs, signal) {
      // v1 takes milliseconds here, unlike its µs search parameters.
      const q = new URLSearchParams({
        endTs: String(Math.round(endUs / 1000)),
        lookback: String(Math.round(lookbackUs / 1000)),
      });
      return (
        (await requestJson<Envelope<Dependency[] | null>>(`${base}/api/dependencies?${q}`, opts(signal))).data ?? []
      );
    },
  };

  async function v1Search(params: SearchParams, signal?: AbortSignal): Promise<TraceSummaryRow[]> {
    const query = new URLSearchParams({
      service: params.service,
      start: String(Math.floor(params.startUs)),
      end: String(Math.ceil(params.endUs)),
      limit: String(params.limit),
    });
    if (params.operation) query.set('operation', params.operation);
    if (params.tags && Object.keys(params.tags).length) query.set('tags', JSON.stringify(params.tags));
    if (params.minDurationUs !== undefined) query.set('minDuration', goDuration(params.minDurationUs));
    if (params.maxDurationUs !== undefined) query.set('maxDuration', goDuration(params.maxDurationUs));
    const body = await requestJson<unknown>(`${base}/api/traces?${query}`, opts(signal));
    return summarizeAll(parseJaeger(body).spans);
  }
}

/** A trace summary as API v3 gives it (counters absent when zero). */
interface V3Summary {
  traceId: string;
  rootServiceName?: string;
  rootOperationName?: string;
  minStartTimeUnixNano?: string;
  maxEndTimeUnixNano?: string;
  spanCount?: number;
  errorSpanCount?: number;
  services?: Array<{ name: string; spanCount?: number; errorSpanCount?: number }>;
}

function fromV3Summary(s: V3Summary): TraceSummaryRow {
  const start = nanosToMicros(s.minStartTimeUnixNano ?? '0') ?? 0;
  const end = nanosToMicros(s.maxEndTimeUnixNano ?? s.minStartTimeUnixNano ?? '0') ?? start;
  return {
    traceId: s.traceId,
    rootService: s.rootServiceName ?? '',
    rootName: s.rootOperationName ?? '',
    startUs: start,
    durationUs: Math.max(0, end - start),
    spanCount: s.spanCount ?? 0,
    errorCount: s.errorSpanCount ?? 0,
    services: (s.services ?? []).map((x) => ({
      service: x.name,
      spans: x.spanCount ?? 0,
      errors: x.errorSpanCount ?? 0,
    })),
  };
}

/** Spans of many traces (v3 merges them into one list) → one summary row per trace. */
function summarizeAll(spans: WireSpan[]): TraceSummaryRow[] {
  const byTrace = new Map<string, WireSpan[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return [...byTrace].map(([traceId, list]) => summarize(traceId, list));
}
