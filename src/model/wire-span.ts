import type { SpanStatus, Warning, WireSpan } from './trace';

/** A wire span with every optional field at its default. */
export function newWireSpan(init: Partial<WireSpan> & Pick<WireSpan, 'traceId' | 'spanId'>): WireSpan {
  return {
    parentSpanId: '',
    name: '',
    service: 'unknown_service',
    host: '',
    kind: 'unspecified',
    startUs: 0,
    durationUs: 0,
    status: { code: 'unset', message: '' },
    attributes: [],
    resource: [],
    scope: null,
    events: [],
    links: [],
    dropped: { attributes: 0, events: 0, links: 0 },
    warnings: [],
    shared: false,
    ...init,
  };
}

/** The part of a span the columns need: what streaming importers produce per span. */
export interface SpanRow
  extends Pick<WireSpan, 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'service' | 'host' | 'kind' | 'startUs' | 'durationUs' | 'shared'> {
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
