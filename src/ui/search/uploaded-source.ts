// Uploaded files as one more source on the search page: the traces loaded in
// this page, filtered by service, operation, span duration, error=true and a
// custom time range. Attributes stay in the worker, so other tags need a backend.
import { FLAG_ERROR, type TraceColumns } from '../../model/columns';
import type { SearchParams, TraceSource, TraceSummaryRow } from '../../api/trace-source';

export const UPLOADED_ID = 'uploaded';

/** No service asked for: every span's service matches. */
const ANY = -2;

export function uploadedSource(traces: () => readonly TraceColumns[]): TraceSource {
  return {
    id: UPLOADED_ID,
    label: 'Uploaded files',
    allServices: true,
    async services() {
      return [...new Set(traces().flatMap((t) => t.services))].sort();
    },
    async operations(service) {
      const names = new Set<string>();
      for (const t of traces()) {
        const s = t.services.indexOf(service);
        if (s === -1) continue;
        for (let i = 0; i < t.count; i++)
          if (t.serviceIndex[i] === s) names.add(t.names[t.nameIndex[i] as number] ?? '');
      }
      return [...names].sort();
    },
    async search(params: SearchParams) {
      const other = Object.entries(params.tags ?? {}).filter(([k, v]) => !(k === 'error' && v === 'true'));
      if (other.length)
        throw new Error(
          `uploaded files can be searched by service, operation, duration, time and error=true; the tag ${other[0]?.[0]} needs a backend`,
        );
      const wantError = params.tags?.error === 'true';
      const rows: TraceSummaryRow[] = [];
      for (const t of traces()) {
        if (t.summary.startUs < params.startUs || t.summary.startUs > params.endUs) continue;
        const s = params.service ? t.services.indexOf(params.service) : ANY;
        if (s === -1) continue;
        let match = false;
        for (let i = 0; i < t.count && !match; i++) {
          if (s !== ANY && t.serviceIndex[i] !== s) continue;
          if (params.operation && t.names[t.nameIndex[i] as number] !== params.operation) continue;
          const d = t.durationUs[i] as number;
          if (params.minDurationUs !== undefined && d < params.minDurationUs) continue;
          if (params.maxDurationUs !== undefined && d > params.maxDurationUs) continue;
          if (wantError && !((t.flags[i] as number) & FLAG_ERROR)) continue;
          match = true;
        }
        if (!match) continue;
        rows.push({
          traceId: t.summary.traceId,
          rootService: t.summary.rootService,
          rootName: t.summary.rootName,
          startUs: t.summary.startUs,
          durationUs: t.summary.durationUs,
          spanCount: t.summary.spanCount,
          errorCount: t.summary.errorCount,
          services: t.serviceStats
            .map((x) => ({ service: x.service, spans: x.spanCount, errors: x.errorCount }))
            .sort((a, b) => b.spans - a.spans),
        });
      }
      return rows.sort((a, b) => b.startUs - a.startUs).slice(0, params.limit);
    },
    async trace() {
      throw new Error('an uploaded trace is already open in this page');
    },
  };
}
