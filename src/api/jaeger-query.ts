// Jaeger's query API v1 (FORMATS.md §1): the embedded server speaks it, and so
// does every released Jaeger up to v2.20. Search parameters: µs epochs, Go
// durations, tags as a JSON map.
import { parseJaeger } from '../formats/jaeger';
import { requestJson, request, type Fetch } from './http';
import { summarize, type SearchParams, type TraceSource, type TraceSummaryRow } from './trace-source';

interface Envelope<T> {
  data: T;
}

function goDuration(us: number): string {
  return us % 1000 === 0 ? `${us / 1000}ms` : `${us}us`;
}

export function jaegerSource(id: string, label: string, baseUrl: string, fetchImpl?: Fetch): TraceSource {
  const base = baseUrl.replace(/\/$/, '');
  const opts = (signal?: AbortSignal) => ({ signal, fetch: fetchImpl });
  return {
    id,
    label,
    async services(signal) {
      const body = await requestJson<Envelope<string[] | null>>(`${base}/api/services`, opts(signal));
      return [...(body.data ?? [])].sort();
    },
    async operations(service, signal) {
      const body = await requestJson<Envelope<string[] | null>>(`${base}/api/services/${encodeURIComponent(service)}/operations`, opts(signal));
      return [...(body.data ?? [])].sort();
    },
    async search(params: SearchParams, signal): Promise<TraceSummaryRow[]> {
      const query = new URLSearchParams({ service: params.service, start: String(Math.floor(params.startUs)), end: String(Math.ceil(params.endUs)), limit: String(params.limit) });
      if (params.operation) query.set('operation', params.operation);
      if (params.tags && Object.keys(params.tags).length) query.set('tags', JSON.stringify(params.tags));
      if (params.minDurationUs !== undefined) query.set('minDuration', goDuration(params.minDurationUs));
      if (params.maxDurationUs !== undefined) query.set('maxDuration', goDuration(params.maxDurationUs));
      const body = await requestJson<unknown>(`${base}/api/traces?${query}`, opts(signal));
      const { spans } = parseJaeger(body);
      const byTrace = new Map<string, typeof spans>();
      for (const span of spans) {
        const list = byTrace.get(span.traceId);
        if (list) list.push(span);
        else byTrace.set(span.traceId, [span]);
      }
      return [...byTrace].map(([traceId, list]) => summarize(traceId, list));
    },
    async trace(traceId, signal) {
      const response = await request(`${base}/api/traces/${encodeURIComponent(traceId)}`, opts(signal));
      return await response.blob();
    },
  };
}
