// One interface for every backend (DESIGN.md §5). A trace comes back as a
// Blob of its wire JSON: the page opens it with the same import pipeline as a
// dropped file, so every view works the same whatever the source.
import type { WireSpan } from '../model/trace';

export interface SearchParams {
  /** '' searches every service (where the source's `allServices` says it can). */
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  /** Epoch µs. */
  startUs: number;
  endUs: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  limit: number;
}

export interface ServiceCount {
  service: string;
  spans: number;
  errors: number;
}

export interface TraceSummaryRow {
  traceId: string;
  rootService: string;
  rootName: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  services: ServiceCount[];
}

export interface Dependency {
  parent: string;
  child: string;
  callCount: number;
}

export interface TraceSource {
  id: string;
  label: string;
  /** Its search answers without a service (every service at once); Jaeger's own API needs one. */
  allServices?: boolean;
  services(signal?: AbortSignal): Promise<string[]>;
  operations(service: string, signal?: AbortSignal): Promise<string[]>;
  search(params: SearchParams, signal?: AbortSignal): Promise<TraceSummaryRow[]>;
  trace(traceId: string, signal?: AbortSignal): Promise<Blob>;
  /** Calls between services over a window (epoch µs), where the backend computes them. */
  dependencies?(endUs: number, lookbackUs: number, signal?: AbortSignal): Promise<Dependency[]>;
}

/** A search result row from the spans of one trace (no tree needed: root = a span without a parent here). */
export function summarize(traceId: string, spans: readonly WireSpan[]): TraceSummaryRow {
  const ids = new Set(spans.map((s) => s.spanId));
  let start = Infinity;
  let end = -Infinity;
  let root: WireSpan | undefined;
  const services = new Map<string, ServiceCount>();
  let errors = 0;
  for (const span of spans) {
    start = Math.min(start, span.startUs);
    end = Math.max(end, span.startUs + span.durationUs);
    const isRoot = !span.parentSpanId || !ids.has(span.parentSpanId);
    if (isRoot && (!root || span.startUs < root.startUs)) root = span;
    const count = services.get(span.service) ?? { service: span.service, spans: 0, errors: 0 };
    count.spans++;
    if (span.status.code === 'error') {
      count.errors++;
      errors++;
    }
    services.set(span.service, count);
  }
  return {
    traceId,
    rootService: root?.service ?? '',
    rootName: root?.name ?? '',
    startUs: Number.isFinite(start) ? start : 0,
    durationUs: Number.isFinite(end - start) ? end - start : 0,
    spanCount: spans.length,
    errorCount: errors,
    services: [...services.values()].sort((a, b) => b.spans - a.spans),
  };
}
