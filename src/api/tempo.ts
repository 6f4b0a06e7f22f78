// Grafana Tempo HTTP API (FORMATS.md §5): tag values for services and span
// names, `/api/search` with logfmt tags (start/end in seconds, Go durations),
// trace by id as OTLP JSON with base64 ids, which our importer reads as is.
import { normalizeTraceId } from '../model/ids';
import { nanosToMicros } from '../formats/otlp/otlp';
import { ApiError, request, requestJson, type Fetch } from './http';
import type { TraceSource, TraceSummaryRow } from './trace-source';

interface TempoSearch {
  traces?: Array<{
    traceID: string;
    rootServiceName?: string;
    rootTraceName?: string;
    startTimeUnixNano?: string;
    durationMs?: number;
    serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
  }>;
}

const logfmtValue = (v: string) => (/[\s"=]/.test(v) ? JSON.stringify(v) : v);

export function tempoSource(id: string, label: string, baseUrl: string, fetchImpl?: Fetch): TraceSource {
  const base = baseUrl.replace(/\/$/, '');
  const opts = (signal?: AbortSignal) => ({ signal, fetch: fetchImpl });
  const values = async (tag: string, signal?: AbortSignal) =>
    [
      ...((
        await requestJson<{ tagValues?: string[] }>(
          `${base}/api/search/tag/${encodeURIComponent(tag)}/values`,
          opts(signal),
        )
      ).tagValues ?? []),
    ].sort();
  return {
    id,
    label,
    allServices: true,
    services: (signal) => values('service.name', signal),
    operations: (_service, signal) => values('name', signal),
    async search(params, signal): Promise<TraceSummaryRow[]> {
      const tags: Record<string, string> = {
        ...(params.service ? { 'service.name': params.service } : {}),
        ...(params.operation ? { name: params.operation } : {}),
        ...params.tags,
      };
      if (tags.error === 'true') delete tags.error; // Tempo's legacy tag search has no status; filtered below
      const query = new URLSearchParams({
        tags: Object.entries(tags)
          .map(([k, v]) => `${k}=${logfmtValue(v)}`)
          .join(' '),
        start: String(Math.floor(params.startUs / 1e6)),
        end: String(Math.ceil(params.endUs / 1e6)),
        limit: String(params.limit),
      });
      if (params.minDurationUs !== undefined) query.set('minDuration', `${Math.round(params.minDurationUs)}us`);
      if (params.maxDurationUs !== undefined) query.set('maxDuration', `${Math.round(params.maxDurationUs)}us`);
      const body = await requestJson<TempoSearch>(`${base}/api/search?${query}`, opts(signal));
      const rows = (body.traces ?? []).map((t) => {
        const stats = Object.entries(t.serviceStats ?? {}).map(([service, s]) => ({
          service,
          spans: s.spanCount ?? 0,
          errors: s.errorCount ?? 0,
        }));
        return {
          traceId: normalizeTraceId(t.traceID),
          rootService: t.rootServiceName ?? '',
          rootName: t.rootTraceName ?? '',
          startUs: nanosToMicros(t.startTimeUnixNano ?? '0') ?? 0,
          // durationMs is omitted when 0 (sub-millisecond traces).
          durationUs: (t.durationMs ?? 0) * 1000,
          spanCount: stats.reduce((n, s) => n + s.spans, 0),
          errorCount: stats.reduce((n, s) => n + s.errors, 0),
          services: stats.sort((a, b) => b.spans - a.spans),
        };
      });
      return params.tags?.error === 'true' ? rows.filter((r) => r.errorCount > 0) : rows;
    },
    async trace(traceId, signal) {
      // v2 says when a trace is partial (too big, pruned); older Tempo only has v1.
      try {
        return await (await request(`${base}/api/v2/traces/${encodeURIComponent(traceId)}`, opts(signal))).blob();
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
        return await (await request(`${base}/api/traces/${encodeURIComponent(traceId)}`, opts(signal))).blob();
      }
    },
  };
}
