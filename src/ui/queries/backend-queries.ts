// queryOptions factories for the backends (DESIGN.md §5, STYLE.md 22–23).
// Keys are hierarchical: source → services → operations, source → search,
// source → trace → id. Trace queries pass the AbortSignal and turn structural
// sharing off; search keeps the previous page while a new one loads.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { jaegerSource } from '../../api/jaeger-query';
import { tempoSource } from '../../api/tempo';
import { zipkinSource } from '../../api/zipkin-api';
import { requestJson } from '../../api/http';
import type { SearchParams, TraceSource } from '../../api/trace-source';

/** Stands in while the sources load, so query options can be built; never fetched (queries stay disabled). */
export const NO_SOURCE: TraceSource = {
  id: '',
  label: '',
  services: async () => [],
  operations: async () => [],
  search: async () => [],
  trace: async () => {
    throw new Error('no such source');
  },
};

interface SourceInfo {
  id: string;
  label: string;
  kind: 'jaeger' | 'zipkin' | 'tempo';
  baseUrl: string;
  /** The backend answers Jaeger's query API v3 with trace summaries (Skein's own server). */
  summaries?: boolean;
}

const ADAPTERS = { jaeger: jaegerSource, zipkin: zipkinSource, tempo: tempoSource };

export function sourcesQuery() {
  return queryOptions({
    queryKey: ['sources'] as const,
    queryFn: async ({ signal }) => {
      const body = await requestJson<{ sources: SourceInfo[] }>(`${import.meta.env.BASE_URL}api/skein/sources`, {
        signal,
      }).catch(() => ({ sources: [] }));
      return body.sources
        .filter((s) => s.kind in ADAPTERS)
        .map((s): TraceSource => {
          const base = `${import.meta.env.BASE_URL.replace(/\/$/, '')}${s.baseUrl}`;
          return s.kind === 'jaeger'
            ? jaegerSource(s.id, s.label, base, undefined, { summaries: s.summaries === true })
            : ADAPTERS[s.kind](s.id, s.label, base);
        });
    },
    staleTime: Infinity,
  });
}

export function servicesQuery(source: TraceSource) {
  return queryOptions({
    queryKey: ['source', source.id, 'services'] as const,
    queryFn: ({ signal }) => source.services(signal),
    staleTime: 30_000,
  });
}

export function operationsQuery(source: TraceSource, service: string) {
  return queryOptions({
    queryKey: ['source', source.id, 'services', service, 'operations'] as const,
    queryFn: ({ signal }) => source.operations(service, signal),
    staleTime: 30_000,
    enabled: service !== '',
  });
}

/** `version` changes when the source's data changes in the page (uploaded files). */
export function searchQuery(source: TraceSource, params: SearchParams, version = 0) {
  return queryOptions({
    queryKey: ['source', source.id, 'search', params, version] as const,
    queryFn: async ({ signal }) => {
      const started = performance.now();
      const rows = await source.search(params, signal);
      return { rows, tookMs: performance.now() - started };
    },
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });
}

export function traceQuery(source: TraceSource, traceId: string) {
  return queryOptions({
    queryKey: ['source', source.id, 'trace', traceId] as const,
    queryFn: ({ signal }) => source.trace(traceId, signal),
    structuralSharing: false,
    staleTime: 60_000,
    retry: false,
  });
}
