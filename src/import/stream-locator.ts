// How the streaming importer finds spans inside one format's JSON structure
// without building the document: which paths to descend, which values are
// spans and which are context (a resource, a process map, a scope), and how
// one parsed span becomes wire spans, now or, for details, again later.
import type { Warning, WireSpan } from '../model/trace';
import type { SpanRow } from '../model/wire-span';
import type { Decision, PathSegment } from './json-scan';
import type { LeanSpec } from './lean-span';
import type { SpanBytes } from './span-bytes';

// The types of the engine a format names when it implements this interface.
export type { Decision, LeanSpec, PathSegment, SpanBytes };

export type ValueType = 'object' | 'array' | 'scalar';

/** A Jaeger reference to another span (a parent candidate). */
export interface SpanReference {
  kind: 'child_of' | 'follows_from';
  spanId: string;
}

export interface CaptureInfo {
  /** Spans are batched and parsed later; context is parsed at once. */
  kind: 'span' | 'context';
  /** The context group the capture belongs to (resource + scope, trace object…). */
  group: string;
}

export interface Converted {
  /** One parsed span value → rows (Zipkin v1 splits a client/server pair in two). */
  spans: SpanRow[];
  /** The span's context was not read yet (an OTLP resource, Jaeger processes after the spans): resolve at the end… */
  pending: boolean;
  /** …by this key within the group (Jaeger: the processID). */
  key?: string;
  /** Only a context pass (a first scan for context) can convert this span exactly: the file is read again that way. */
  needsContextPass?: boolean;
  /** File-level warnings, such as a span skipped for missing ids. */
  warnings?: Warning[];
  /** Jaeger: references to settle once every span id of the trace is known. */
  references: SpanReference[] | null;
}

export type ScanPass = 'context' | 'spans';

export interface RowReader {
  /** Reads spans `first` to `end`: false when any of them needs JSON.parse (the batch is then parsed as usual). */
  read(spans: SpanBytes, first: number, end: number): boolean;
  /** Span k (counted from the batch's first) of the batch read last, as `convert` answers for it. */
  convert(k: number, group: string, path: () => string): Converted | null;
}

export interface StreamLocator {
  /** Context that can follow the spans it applies to (Jaeger's processes) is read in a first pass. */
  contextPass: boolean;
  /** The span member `convert` reads only a few entries of: cut down to them before parsing (lean-span.ts). */
  lean?: LeanSpec;
  decide(path: readonly PathSegment[], type: ValueType, pass: ScanPass): Decision;
  classify(path: readonly PathSegment[], doc: number): CaptureInfo;
  addContext(group: string, path: readonly PathSegment[], value: unknown): void;
  /**
   * `path` words the span's place for warnings; it is only called when there
   * is one. The answer is read at once and not kept (a locator may return the
   * same object, changed, for every span).
   */
  convert(raw: unknown, group: string, path: () => string): Converted | null;
  /**
   * Service and host of a span whose context arrived after it (see `pending`);
   * null when it never came (the file is then read again with a context pass,
   * which words the warning). Only formats that report pending spans.
   */
  resolve?(group: string, key: string): { service: string; host: string } | null;
  /**
   * Rows read straight from the spans' bytes, without JSON.parse, where every span of a batch has the common shape
   * (OTLP).
   */
  rows?: RowReader;
  /** Full details of one span, re-read from the file; `half` picks a Zipkin v1 half. */
  details(raw: unknown, group: string, parentSpanId: string, half: number): WireSpan | null;
  /** Warnings about the file as a whole (a partial Tempo trace…); `rows`: how many rows the file gave. */
  fileWarnings(rows: number): Warning[];
}

/**
 * Chooses a Jaeger parent: the first CHILD_OF that resolves here, else the first CHILD_OF, else a resolvable
 * FOLLOWS_FROM.
 */
export function chooseParent(references: readonly SpanReference[], resolves: (spanId: string) => boolean): string {
  const pick =
    references.find((r) => r.kind === 'child_of' && resolves(r.spanId)) ??
    references.find((r) => r.kind === 'child_of') ??
    references.find((r) => r.kind === 'follows_from' && resolves(r.spanId));
  return pick?.spanId ?? '';
}

/** A capture path as text, the way the one-shot importers word it: `data[0].spans[3]`. */
export function pathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

/**
 * A span's path, worded only if a warning needs it: template literals call
 * toString, so `${path}` stays as it was in the one-shot importers.
 */
export function lazyText(make: () => string): string {
  let text: string | null = null;
  return { toString: () => (text ??= make()) } as unknown as string;
}
