// The one normalized model every importer produces and every view reads.
// Plain data only: spans refer to each other by index, so a trace crosses a
// worker boundary, dumps to text and serializes without custom code.

export type FormatName = 'jaeger' | 'zipkin' | 'zipkin-v1' | 'otlp';

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type StatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  code: StatusCode;
  message: string;
}

/** A typed attribute value. Integers stay decimal strings so 64-bit values survive. */
export type AttrValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: string }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: string }
  | { type: 'array'; value: AttrValue[] }
  | { type: 'kvlist'; value: Attribute[] }
  | { type: 'empty' };

export interface Attribute {
  key: string;
  value: AttrValue;
}

export type WarningCode =
  | 'orphan'
  | 'duplicate-id'
  | 'duplicate-span'
  | 'shared-span'
  | 'cycle'
  | 'clock-skew'
  | 'child-outside-parent'
  | 'truncated'
  | 'invalid-value'
  | 'missing-field'
  /** A span the importer could not use at all (no ids, not an object); the others are kept. */
  | 'rejected-span'
  | 'source-warning'
  | 'dropped-data'
  | 'partial-trace'
  | 'unsupported';

export interface Warning {
  code: WarningCode;
  message: string;
}

export interface SpanEvent {
  /** Absolute epoch µs on the wire side; relative to the trace start once built. */
  timeUs: number;
  name: string;
  attributes: Attribute[];
}

export type LinkKind = 'child_of' | 'follows_from' | 'link';

export interface SpanLink {
  traceId: string;
  spanId: string;
  kind: LinkKind;
  attributes: Attribute[];
}

export interface DroppedCounts {
  attributes: number;
  events: number;
  links: number;
}

export interface Scope {
  name: string;
  version: string;
}

/**
 * What an importer emits for one span: canonical ids, absolute times, no tree.
 * `host` names the clock the span was timed by (used for clock-skew repair).
 */
export interface WireSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  host: string;
  kind: SpanKind;
  startUs: number;
  durationUs: number;
  status: SpanStatus;
  attributes: Attribute[];
  resource: Attribute[];
  scope: Scope | null;
  events: SpanEvent[];
  links: SpanLink[];
  dropped: DroppedCounts;
  warnings: Warning[];
  /** Zipkin: this half of a client/server pair shares its id with the client half. */
  shared: boolean;
}

export interface Span extends WireSpan {
  /** Unique within the trace: the span id, suffixed when ids collide. */
  key: string;
  parentIndex: number;
  childIndices: number[];
  depth: number;
  /** Start relative to the trace start, after clock-skew adjustment. */
  startUs: number;
  /** Shift applied by clock-skew adjustment; raw start = startUs - skewUs. */
  skewUs: number;
}

export interface Trace {
  traceId: string;
  /** Absolute epoch µs of the earliest (adjusted) span start. */
  startUs: number;
  durationUs: number;
  /** Depth-first order: every parent precedes its children. */
  spans: Span[];
  roots: number[];
  /** Services in order of first appearance in depth-first order. */
  services: string[];
  warnings: Warning[];
  format: FormatName;
  orphanCount: number;
}
