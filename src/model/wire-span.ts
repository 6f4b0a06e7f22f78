import type { SpanStatus, Warning, WireSpan } from './trace';

/**
 * A wire span with every optional field at its default. Every field is named
 * (no spread over defaults): each span gets the same shape, which a spread
 * with overrides does not give and which made conversion ten times slower.
 */
export function newWireSpan(init: Partial<WireSpan> & Pick<WireSpan, 'traceId' | 'spanId'>): WireSpan {
  return {
    traceId: init.traceId,
    spanId: init.spanId,
    parentSpanId: init.parentSpanId ?? '',
    name: init.name ?? '',
    service: init.service ?? 'unknown_service',
    host: init.host ?? '',
    kind: init.kind ?? 'unspecified',
    startUs: init.startUs ?? 0,
    durationUs: init.durationUs ?? 0,
    status: init.status ?? { code: 'unset', message: '' },
    attributes: init.attributes ?? [],
    resource: init.resource ?? [],
    scope: init.scope ?? null,
    events: init.events ?? [],
    links: init.links ?? [],
    dropped: init.dropped ?? { attributes: 0, events: 0, links: 0 },
    warnings: init.warnings ?? [],
    shared: init.shared ?? false,
  };
}

/** The part of a span the columns need: what streaming importers produce per span. */
export interface SpanRow extends Pick<
  WireSpan,
  'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'service' | 'host' | 'kind' | 'startUs' | 'durationUs' | 'shared'
> {
  status: SpanStatus['code'];
  eventTimesUs: readonly number[];
  warnings: readonly Warning[];
}

export function rowFromWire(w: WireSpan): SpanRow {
  return {
    traceId: w.traceId,
    spanId: w.spanId,
    parentSpanId: w.parentSpanId,
    name: w.name,
    service: w.service,
    host: w.host,
    kind: w.kind,
    startUs: w.startUs,
    durationUs: w.durationUs,
    status: w.status.code,
    shared: w.shared,
    eventTimesUs: w.events.map((e) => e.timeUs),
    warnings: w.warnings,
  };
}
