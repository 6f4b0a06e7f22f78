import type { WireSpan } from './trace';

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
