import { queryOptions } from '@tanstack/react-query';
import type { SpanDetails } from '../../worker/trace-session';

export type DetailsFetcher = (traceId: string, index: number) => Promise<SpanDetails | null>;

/**
 * One span's full details, asked of the worker. Keyed by trace, build version
 * and span, so a rebuilt trace (more files merged in) asks again. Details of a
 * loaded trace never go stale.
 */
export function spanDetailsQuery(fetchDetails: DetailsFetcher, traceId: string, version: number, index: number) {
  return queryOptions({
    queryKey: ['trace', traceId, version, 'span', index] as const,
    queryFn: () => fetchDetails(traceId, index),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    structuralSharing: false,
  });
}
