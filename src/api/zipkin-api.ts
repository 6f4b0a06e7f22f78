// Zipkin API v2 (openzipkin/zipkin-api zipkin2-api.yaml; FORMATS.md §3):
// services, span names, trace search with annotationQuery, trace by id.
// Query units: endTs and lookback in ms, minDuration/maxDuration in µs.
import { parseZipkin } from '../formats/zipkin/zipkin';
import { request, requestJson, type Fetch } from './http';
import { summarize, type Dependency, type TraceSource } from './trace-source';

/** Tags as Zipkin's annotationQuery: `key=value and key`; error=true means the `error` tag is present. */
export function annotationQuery(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => (k === 'error' && v === 'true' ? 'error' : `${k}=${v}`))
    .join(' and ');
}

export function zipkinSource(id: string, label: string, baseUrl: string, fetchImpl?: Fetch): TraceSource {
  const base = baseUrl.replace(/\/$/, '');
  const opts = (signal?: AbortSignal) => ({ signal, fetch: fetchImpl });
  return {
    id,
    label,
    allServices: true,
    async services(signal) {
      return [...(await requestJson<string[]>(`${base}/api/v2/services`, opts(signal)))].sort();
    },
    async operations(service, signal) {
      return [
        ...(await requestJson<string[]>(
          `${base}/api/v2/spans?serviceName=${encodeURIComponent(service)}`,
          opts(signal),
        )),
      ].sort();
    },
    async search(params, signal) {
      const endMs = Math.ceil(params.endUs / 1000);
      const query = new URLSearchParams({
        ...(params.service ? { serviceName: params.service } : {}),
        endTs: String(endMs),
        lookback: String(endMs - Math.floor(params.startUs / 1000)),
        limit: String(params.limit),
      });
      if (params.operation) query.set('spanName', params.operation);
      if (params.tags && Object.keys(params.tags).length) query.set('annotationQuery', annotationQuery(params.tags));
      if (params.minDurationUs !== undefined) query.set('minDuration', String(Math.round(params.minDurationUs)));
      if (params.maxDurationUs !== undefined) query.set('maxDuration', String(Math.round(params.maxDurationUs)));
      const traces = await requestJson<unknown[]>(`${base}/api/v2/traces?${query}`, opts(signal));
      return traces
        .map((list) => {
          const { spans } = parseZipkin(Array.isArray(list) ? list : []);
          return summarize(spans[0]?.traceId ?? '', spans);
        })
        .filter((row) => row.traceId);
    },
    async trace(traceId, signal) {
      return await (await request(`${base}/api/v2/trace/${encodeURIComponent(traceId)}`, opts(signal))).blob();
    },
    async dependencies(endUs, lookbackUs, signal) {
      const q = new URLSearchParams({
        endTs: String(Math.round(endUs / 1000)),
        lookback: String(Math.round(lookbackUs / 1000)),
      });
      return await requestJson<Dependency[]>(`${base}/api/v2/dependencies?${q}`, opts(signal));
    },
  };
}
