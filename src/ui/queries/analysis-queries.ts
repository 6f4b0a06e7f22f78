import { queryOptions } from '@tanstack/react-query';
import type { StatsGrouping } from '../../analysis/span-stats';
import { traceStore } from '../shared/trace-store';

// Analyses of a loaded trace, computed in the import worker. Keyed by trace and
// build version (a trace rebuilt with more files is asked again); they never
// go stale otherwise. TanStack Query's fetching count is part of the page's
// idle signal, so tests wait for them like for anything else.

export function criticalPathQuery(traceId: string, version: number) {
  return queryOptions({
    queryKey: ['trace', traceId, version, 'critical-path'] as const,
    queryFn: () => traceStore.criticalPath(traceId),
    staleTime: Infinity,
    structuralSharing: false,
  });
}

export function statsQuery(traceId: string, version: number, grouping: StatsGrouping) {
  return queryOptions({
    queryKey: ['trace', traceId, version, 'stats', grouping] as const,
    queryFn: () => traceStore.stats(traceId, grouping),
    staleTime: Infinity,
    structuralSharing: false,
  });
}

export function attributeKeysQuery(traceId: string, version: number) {
  return queryOptions({
    queryKey: ['trace', traceId, version, 'attribute-keys'] as const,
    queryFn: () => traceStore.attributeKeys(traceId),
    staleTime: Infinity,
    structuralSharing: false,
  });
}

export function traceQueryQuery(traceId: string, version: number, text: string) {
  return queryOptions({
    queryKey: ['trace', traceId, version, 'query', text] as const,
    queryFn: () => traceStore.query(traceId, text),
    staleTime: Infinity,
    gcTime: 60_000,
    structuralSharing: false,
  });
}
