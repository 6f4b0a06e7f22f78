// OTLP streamed (see stream-locator.ts): where the spans and their context
// sit in the file, and how a span becomes a row, from the parsed span
// (otlp.ts) or straight from its bytes (otlp-rows.ts).
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import type { Scope, SpanStatus, Warning } from '../../model/trace';
import type { SpanRow } from '../../model/wire-span';
import {
  KIND_BY_NUMBER,
  NO_EVENTS,
  NO_WARNINGS,
  parseSpan,
  resourceContext,
  spanRow,
  type ResourceContext,
} from './otlp';
import { FIELD, otlpRowReader, RECORD, type ReadSpans } from './otlp-rows';
import type { Converted, PathSegment, StreamLocator } from '../../import/stream-locator';
import { recordsReader, valueAt } from '../../import/wasm-rows';
import { asString, failsByHttp, HTTP_STATUS_KEYS, isObject, notASpan, warning } from '../wire';

/**
 * Streaming: ResourceSpans sit under `resourceSpans`, `batches`,
 * `trace.resourceSpans` or `result.resourceSpans` (optionally inside a
 * top-level array of requests); spans at `…[i].scopeSpans[j].spans[k]`.
 * A resource almost always precedes its spans; when it does not, the span
 * is resolved at the end of the file.
 */
export function otlpLocator(): StreamLocator {
  const resources = new Map<string, ResourceContext>();
  const scopes = new Map<string, Scope | null>();
  const warnings: Warning[] = [];
  let partial = { status: '', message: '' };
  const SPAN_LISTS = new Set(['scopeSpans', 'instrumentationLibrarySpans']);

  // Where the path goes on inside the ResourceSpans list (the index of its element), or -1 when outside it.
  // An index, not a copy of the rest of the path: this runs twice for every span.
  function inner(path: readonly PathSegment[]): number {
    let i = typeof path[0] === 'number' ? 1 : 0;
    if ((path[i] === 'trace' || path[i] === 'result') && path[i + 1] === 'resourceSpans') i++;
    if (path[i] !== 'resourceSpans' && path[i] !== 'batches') return -1;
    return i + 1;
  }
  const resourceGroup = (path: readonly PathSegment[], doc: number, start: number) =>
    `${doc}|${path.slice(0, start + 1).join('/')}`;
  // Consecutive spans share a scope: remember the last one instead of building its key per span.
  let lastScope = {
    doc: -1,
    start: -1,
    rs: -1 as PathSegment,
    list: '' as PathSegment,
    ss: -1 as PathSegment,
    key: '',
  };
  const scopeGroup = (path: readonly PathSegment[], doc: number, start: number) => {
    const rs = path[start] as PathSegment;
    const list = path[start + 1] as PathSegment;
    const ss = path[start + 2] as PathSegment;
    const c = lastScope;
    if (c.doc === doc && c.start === start && c.rs === rs && c.list === list && c.ss === ss) return c.key;
    lastScope = { doc, start, rs, list, ss, key: `${doc}|${path.slice(0, start + 3).join('/')}` };
    return lastScope.key;
  };
  let lastSpan: { kind: 'span'; group: string } = { kind: 'span', group: '' };
  const resourceOf = (group: string) => resources.get(group.split('/').slice(0, -2).join('/'));

  // Spans of one scope share their context: built once per scope group, dropped when a resource or scope arrives.
  const contexts = new Map<string, { context: ResourceContext; resolved: boolean }>();
  function known(group: string): { context: ResourceContext; resolved: boolean } {
    let entry = contexts.get(group);
    if (!entry) {
      const base = resourceOf(group);
      const context = {
        service: base?.service ?? 'unknown_service',
        host: base?.host ?? 'unknown_service',
        resource: base?.resource ?? [],
        scope: scopes.get(group) ?? null,
      };
      entry = { context, resolved: base !== undefined };
      contexts.set(group, entry);
    }
    return entry;
  }
  const context = (group: string) => known(group).context;
  const converted: Converted & { spans: SpanRow[] } = { spans: [], pending: false, references: null };
  /**
   * The answer for one span, its row made with the context of its group; one object for every span (read at once by the
   * caller, never kept).
   */
  function answer(group: string, pathOf: () => string, row: (context: ResourceContext) => SpanRow | null): Converted {
    const { context, resolved } = known(group);
    const made = row(context);
    if (!made) return { spans: [], pending: false, references: null, warnings: [noIds(pathOf)] };
    converted.spans[0] = made;
    converted.pending = !resolved;
    return converted;
  }
  // Rows straight from the bytes where WebAssembly runs.
  const rowReader = otlpRowReader(HTTP_STATUS_KEYS);

  return {
    contextPass: false,
    // The row reads attributes only for the HTTP status (rawHttpStatus).
    lean: { member: 'attributes', wanted: HTTP_STATUS_KEYS },
    decide(path, type) {
      if (type === 'scalar') {
        const top = typeof path[0] === 'number' ? path.slice(1) : path;
        if (top.length === 1 && (top[0] === 'status' || top[0] === 'message')) return 'capture';
        // An entry of a span list that is not a span: captured like one, so that it is reported in its place.
        const start = inner(path);
        return start !== -1 && path.length - start === 5 && path[start + 3] === 'spans' ? 'capture' : 'skip';
      }
      if (path.length === 0 || (path.length === 1 && typeof path[0] === 'number')) return 'descend';
      const top = typeof path[0] === 'number' ? path.slice(1) : path;
      if (top.length === 1 && (top[0] === 'trace' || top[0] === 'result')) return 'descend';
      const start = inner(path);
      if (start === -1) return 'skip';
      // The path from the ResourceSpans element on: [index, key, index, key, index].
      const length = path.length - start;
      if (length <= 1) return 'descend';
      if (length === 2)
        return path[start + 1] === 'resource'
          ? 'capture'
          : SPAN_LISTS.has(path[start + 1] as string)
            ? 'descend'
            : 'skip';
      if (length === 3) return 'descend';
      const key = path[start + 3];
      if (length === 4)
        return key === 'scope' || key === 'instrumentationLibrary'
          ? 'capture'
          : key === 'spans'
            ? type === 'array'
              ? 'each'
              : 'descend'
            : 'skip';
      if (length === 5 && key === 'spans') return 'capture';
      return 'skip';
    },
    classify(path, doc) {
      const start = inner(path);
      if (start === -1) return { kind: 'context', group: `${doc}|` };
      const length = path.length - start;
      if (length === 2) return { kind: 'context', group: resourceGroup(path, doc, start) };
      const group = scopeGroup(path, doc, start);
      if (length !== 5) return { kind: 'context', group };
      // The spans of a scope share one answer (read at once by the scanner, never kept).
      if (lastSpan.group !== group) lastSpan = { kind: 'span', group };
      return lastSpan;
    },
    addContext(group, path, value) {
      const key = path[path.length - 1];
      if (key === 'status') partial = { ...partial, status: asString(value) };
      else if (key === 'message') partial = { ...partial, message: asString(value) };
      else if (key === 'resource') {
        resources.set(group, { ...resourceContext(value), scope: null });
        contexts.clear();
      } else if (isObject(value)) {
        scopes.set(group, { name: asString(value.name), version: asString(value.version) });
        contexts.clear();
      }
    },
    rows: rowReader
      ? recordsReader(rowReader, (read, k, group, pathOf) =>
          answer(group, pathOf, (context) => rowOf(read, k, context)),
        )
      : undefined,
    convert(raw, group, pathOf) {
      if (!isObject(raw)) return { spans: [], pending: false, references: null, warnings: [notASpan(pathOf(), raw)] };
      return answer(group, pathOf, (context) => spanRow(raw, pathOf, context));
    },
    resolve(group, _key) {
      const { service, host } = context(group);
      return { service, host };
    },
    details(raw, group) {
      return isObject(raw) ? parseSpan(raw, '', context(group)) : null;
    },
    fileWarnings() {
      if (partial.status.toUpperCase() !== 'PARTIAL') return warnings;
      return [
        ...warnings,
        warning(
          'partial-trace',
          `the backend returned a partial trace${partial.message ? `: ${partial.message}` : ''}`,
        ),
      ];
    },
  };
}

function noIds(path: () => string): Warning {
  return warning('rejected-span', `${path()}: span needs traceId and spanId; skipped`);
}

/**
 * Span k of a batch read without JSON.parse (otlp-rows.ts), as spanRow reads
 * the same span parsed: the module reads only spans that need no warning.
 */
function rowOf({ records, values, items: events }: ReadSpans, k: number, ctx: ResourceContext): SpanRow | null {
  const at = k * RECORD;
  const traceId = normalizeTraceId(textAt(values, records, at + FIELD.trace));
  const spanId = normalizeSpanId(textAt(values, records, at + FIELD.span));
  if (!traceId || !spanId) return null;
  const start = records[at + FIELD.start] as number;
  const startRest = records[at + FIELD.start + 1] as number;
  const spanNs =
    ((records[at + FIELD.end] as number) - start) * 1000 + ((records[at + FIELD.end + 1] as number) - startRest);
  const kindNumber = records[at + FIELD.kind] as number;
  const kind = kindNumber < 0 ? 'unspecified' : (KIND_BY_NUMBER[kindNumber] ?? 'unspecified');
  const number = records[at + FIELD.status] as number;
  const code: SpanStatus['code'] = number === 2 ? 'error' : number === 1 ? 'ok' : 'unset';
  const http = records[at + FIELD.http] as number;
  const status = failsByHttp(kind, code, () => (http < 0 ? null : http)) ? 'error' : code;
  let eventTimesUs: readonly number[] = NO_EVENTS;
  const firstEvent = records[at + FIELD.events] as number;
  const eventEnd = firstEvent + (records[at + FIELD.events + 1] as number);
  if (eventEnd > firstEvent) {
    const times: number[] = [];
    for (let e = firstEvent; e < eventEnd; e++)
      times.push((events[2 * e] as number) + (events[2 * e + 1] as number) / 1000);
    eventTimesUs = times;
  }
  return {
    traceId,
    spanId,
    parentSpanId: normalizeSpanId(textAt(values, records, at + FIELD.parent)),
    name: textAt(values, records, at + FIELD.name),
    service: ctx.service,
    host: ctx.host,
    kind,
    startUs: start + startRest / 1000,
    durationUs: spanNs > 0 ? spanNs / 1000 : 0,
    status,
    shared: false,
    eventTimesUs,
    warnings: NO_WARNINGS,
  };
}

/** An id or a name of the batch's values ('' when absent). */
function textAt(values: readonly unknown[], records: Float64Array, field: number): string {
  return (valueAt(values, records, field) as string | undefined) ?? '';
}
