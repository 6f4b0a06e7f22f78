// Jaeger UI JSON (the v1 query API's trace shape; what Jaeger UI downloads).
// Supported: {data:[trace…]}, {data:trace}, one bare trace, an array of traces;
// tags of every type (int64 as a string, binary as base64, Elasticsearch-style
// stringified values); logs; references (the first CHILD_OF that resolves in
// the trace is the parent, every other reference is a link); processes by id
// or inline `process`; span warnings. Times are epoch µs numbers.
// Spec: no formal spec; jaeger `model/json` and FORMATS.md §1.3.
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import type { Attribute, AttrValue, SpanEvent, SpanLink, SpanStatus, Warning, WireSpan } from '../../model/trace';
import type { SpanRow } from '../../model/wire-span';
import { findAttr } from '../../model/attributes';
import {
  asArray,
  asNumber,
  asString,
  isObject,
  newWireSpan,
  spanKindFromText,
  warning,
  withHttpServerError,
  HTTP_STATUS_KEYS,
  type JsonObject,
  type ParseResult,
  notASpan,
  textOf,
} from '../wire';
import { briefValue, displayName } from '../../model/text';
import {
  chooseParent,
  type Converted,
  lazyText,
  type PathSegment,
  type RowReader,
  type StreamLocator,
  type SpanReference,
} from '../../import/stream-locator';
import { recordsReader } from '../../import/wasm-rows';
import { jaegerRowReader, spanOf } from './jaeger-rows';

/** The trace objects in any of the accepted envelopes. */
export function jaegerTraces(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  if (!isObject(value)) return [];
  if (Array.isArray(value.data)) return value.data.filter(isObject);
  if (isObject(value.data)) return [value.data];
  return [value];
}

export function parseJaeger(value: unknown): ParseResult {
  const spans: WireSpan[] = [];
  const warnings: Warning[] = [];
  if (isJaegerSpanList(value)) {
    parseTrace({ spans: value }, '', spans, warnings, true);
    return { spans, warnings };
  }
  const traces = jaegerTraces(value);
  traces.forEach((trace, traceIndex) => {
    const where = Array.isArray(value)
      ? `[${traceIndex}]`
      : isObject(value) && 'data' in value
        ? `data[${traceIndex}]`
        : '';
    parseTrace(trace, where, spans, warnings);
  });
  return { spans, warnings };
}

interface Process {
  service: string;
  tags: Attribute[];
  host: string;
  /** Said on the span: how its service was found (a process id standing in for it). */
  note?: Warning;
}

/** A Jaeger span object: a spanID and an operation name or trace id, and no span list of its own (that is a trace). */
export function isJaegerSpan(value: unknown): boolean {
  return (
    isObject(value) && 'spanID' in value && ('operationName' in value || 'traceID' in value) && !('spans' in value)
  );
}

/** A bare array of spans, as Jaeger's anonymizer writes them (each with its process inline, or a processID alone). */
export function isJaegerSpanList(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  const first = value.find((item) => item !== null && item !== undefined);
  return isJaegerSpan(first);
}

/**
 * A span of a bare span list: its inline process, or else, as no process map
 * exists, its processID stands for the service (said on the span).
 */
function bareProcess(raw: JsonObject, path: string): Process {
  if (isObject(raw.process)) return parseProcess(raw.process);
  const id = asString(raw.processID);
  const service = id || 'unknown_service';
  const note = warning(
    'missing-field',
    id
      ? `${path}.processID: the file has no processes; the process id "${displayName(id, 60)}" stands for the service`
      : `${path}: no process; service unknown`,
  );
  return { service, tags: [], host: service, note };
}

function parseProcess(raw: unknown): Process {
  if (!isObject(raw)) return { service: 'unknown_service', tags: [], host: '' };
  const tags = parseTags(raw.tags);
  const service = asString(raw.serviceName) || 'unknown_service';
  const host =
    textOf(findAttr(tags, 'hostname')) || textOf(findAttr(tags, 'host.name')) || textOf(findAttr(tags, 'ip'));
  return { service, tags, host: host || service };
}

/**
 * `bare`: `trace.spans` is a bare span list (the file's top level): paths are `[i]`, processes inline or by id alone.
 */
function parseTrace(trace: JsonObject, where: string, spans: WireSpan[], warnings: Warning[], bare = false): void {
  const processes = new Map<string, Process>();
  if (isObject(trace.processes)) {
    for (const [id, raw] of Object.entries(trace.processes)) processes.set(id, parseProcess(raw));
  }
  const rawSpans = asArray(trace.spans);
  const idsInTrace = new Set<string>();
  for (const raw of rawSpans) if (isObject(raw)) idsInTrace.add(normalizeSpanId(asString(raw.spanID)));
  const traceLevelId = normalizeTraceId(asString(trace.traceID));
  for (const w of asArray(trace.warnings)) if (typeof w === 'string') warnings.push(warning('source-warning', w));

  rawSpans.forEach((raw, index) => {
    const path = bare ? `[${index}]` : `${where ? where + '.' : ''}spans[${index}]`;
    if (!isObject(raw)) {
      warnings.push(notASpan(path, raw));
      return;
    }
    const span = parseSpan(
      raw,
      path,
      traceLevelId,
      bare ? bareProcess(raw, path) : lookupProcess(raw, processes),
      (id) => idsInTrace.has(id),
    );
    if (span) spans.push(span.span);
    else warnings.push(warning('rejected-span', `${path}: span has no spanID; skipped`));
  });
}

function lookupProcess(raw: JsonObject, processes: ReadonlyMap<string, Process>): Process | undefined {
  return isObject(raw.process) ? parseProcess(raw.process) : processes.get(asString(raw.processID));
}

type Reference = SpanReference & { traceId: string };

function references(raw: JsonObject, traceId: string): Reference[] {
  const refs: Reference[] = asArray(raw.references)
    .filter(isObject)
    .map((ref) => ({
      kind: asString(ref.refType).toUpperCase() === 'FOLLOWS_FROM' ? ('follows_from' as const) : ('child_of' as const),
      traceId: normalizeTraceId(asString(ref.traceID)) || traceId,
      spanId: normalizeSpanId(asString(ref.spanID)),
    }));
  const legacyParent = normalizeSpanId(asString(raw.parentSpanID));
  if (legacyParent && !refs.some((r) => r.spanId === legacyParent))
    refs.unshift({ kind: 'child_of', traceId, spanId: legacyParent });
  return refs;
}

/** Tags that decide a span's kind and status; only these are read for the columns. */
const KEY_TAG_NAMES: readonly string[] = [
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
  ...HTTP_STATUS_KEYS,
];
const KEY_TAGS = new Set(KEY_TAG_NAMES);

interface JaegerRow {
  row: SpanRow;
  status: SpanStatus;
  refs: Reference[];
  parentRef: Reference | undefined;
  process: Process;
}

/**
 * What the columns need of one Jaeger span. The parent is the first CHILD_OF
 * that `resolves` in the trace; failing that, the first CHILD_OF of this trace
 * (another file may hold it), then a resolvable FOLLOWS_FROM. Every other
 * reference is a link. `parentOverride` fixes a parent chosen already.
 */
function spanRow(
  raw: JsonObject,
  path: string,
  traceLevelId: string,
  knownProcess: Process | undefined,
  resolves: (spanId: string) => boolean,
  parentOverride?: string,
): JaegerRow | null {
  const spanId = normalizeSpanId(asString(raw.spanID));
  if (spanId === '') return null;
  const traceId = normalizeTraceId(asString(raw.traceID)) || traceLevelId;
  const warnings: Warning[] = [];
  let process = knownProcess;
  if (!process) {
    warnings.push(
      warning(
        'missing-field',
        `${path}.processID: no process "${asString(raw.processID)}" in the trace; service unknown`,
      ),
    );
    process = { service: 'unknown_service', tags: [], host: '' };
  }
  if (process.note) warnings.push(process.note);
  const startUs = asNumber(raw.startTime);
  const durationUs = asNumber(raw.duration);
  if (startUs === null)
    warnings.push(warning('invalid-value', `${path}.startTime: expected epoch µs, found ${briefValue(raw.startTime)}`));
  if (durationUs === null || durationUs < 0) {
    warnings.push(warning('invalid-value', `${path}.duration: expected µs ≥ 0, found ${briefValue(raw.duration)}`));
  }
  const refs = references(raw, traceId);
  const sameTrace = refs.filter((r) => r.traceId === traceId && r.spanId !== '');
  const parentId = parentOverride ?? chooseParent(sameTrace, resolves);
  const parentRef = parentId
    ? sameTrace.find(
        (r) => r.spanId === parentId && (parentOverride !== undefined || r.kind === 'child_of' || resolves(r.spanId)),
      )
    : undefined;

  const keyTags = parseTags(
    Array.isArray(raw.tags) ? raw.tags.filter((t) => isObject(t) && KEY_TAGS.has(asString(t.key))) : [],
  );
  const kind = spanKindFromText(textOf(findAttr(keyTags, 'span.kind')));
  const status = withHttpServerError(kind, keyTags, jaegerStatus(keyTags));
  const eventTimesUs: number[] = [];
  if (Array.isArray(raw.logs))
    for (const log of raw.logs) if (isObject(log)) eventTimesUs.push(asNumber(log.timestamp) ?? startUs ?? 0);
  if (Array.isArray(raw.warnings))
    for (const w of raw.warnings) if (typeof w === 'string') warnings.push(warning('source-warning', w));
  return {
    row: {
      traceId,
      spanId,
      parentSpanId: parentRef?.spanId ?? '',
      name: asString(raw.operationName),
      service: process.service,
      host: process.host,
      kind,
      startUs: startUs ?? 0,
      durationUs: durationUs !== null && durationUs > 0 ? durationUs : 0,
      status: status.code,
      shared: false,
      eventTimesUs,
      warnings,
    },
    status,
    refs: sameTrace,
    parentRef,
    process,
  };
}

/** One Jaeger span with everything: the row above plus tags, logs, links and the process. */
function parseSpan(
  raw: JsonObject,
  path: string,
  traceLevelId: string,
  process: Process | undefined,
  resolves: (spanId: string) => boolean,
  parentOverride?: string,
): { span: WireSpan; refs: Reference[] } | null {
  const core = spanRow(raw, path, traceLevelId, process, resolves, parentOverride);
  if (!core) return null;
  const { row } = core;
  const links: SpanLink[] = references(raw, row.traceId)
    .filter(
      (r) =>
        r.spanId !== '' &&
        !(
          core.parentRef &&
          r.spanId === core.parentRef.spanId &&
          r.kind === core.parentRef.kind &&
          r.traceId === core.parentRef.traceId
        ),
    )
    .map((r) => ({ traceId: r.traceId, spanId: r.spanId, kind: r.kind, attributes: [] }));
  const events: SpanEvent[] = asArray(raw.logs)
    .filter(isObject)
    .map((log, k) => {
      const fields = parseTags(log.fields);
      const eventField = fields.find((f) => f.key === 'event');
      const name = eventField ? textOf(eventField.value) : textOf(findAttr(fields, 'message')) || 'log';
      return { timeUs: row.eventTimesUs[k] ?? row.startUs, name, attributes: fields.filter((f) => f !== eventField) };
    });
  const span = newWireSpan({
    ...row,
    status: core.status,
    attributes: parseTags(raw.tags),
    resource: core.process.tags,
    events,
    links,
    warnings: [...row.warnings],
  });
  return { span, refs: core.refs };
}

function jaegerStatus(attributes: Attribute[]): SpanStatus {
  const message = textOf(findAttr(attributes, 'otel.status_description'));
  const otel = textOf(findAttr(attributes, 'otel.status_code')).toUpperCase();
  const error = findAttr(attributes, 'error');
  const errorTrue =
    error !== undefined && (error.type === 'bool' ? error.value : textOf(error).toLowerCase() === 'true');
  if (errorTrue || otel === 'ERROR') return { code: 'error', message };
  if (otel === 'OK') return { code: 'ok', message };
  return { code: 'unset', message: '' };
}

export function parseTags(raw: unknown): Attribute[] {
  const out: Attribute[] = [];
  for (const tag of asArray(raw)) {
    if (!isObject(tag)) continue;
    out.push({ key: asString(tag.key), value: tagValue(asString(tag.type).toLowerCase(), tag.value) });
  }
  return out;
}

function tagValue(type: string, value: unknown): AttrValue {
  switch (type) {
    case 'bool':
    case 'boolean':
      return { type: 'bool', value: value === true || asString(value).toLowerCase() === 'true' };
    case 'int64':
    case 'int':
      return { type: 'int', value: asString(value) };
    case 'float64':
    case 'float': {
      const n = asNumber(value);
      return n === null ? { type: 'string', value: asString(value) } : { type: 'double', value: n };
    }
    case 'binary':
      return { type: 'bytes', value: asString(value) };
    case 'string':
      return { type: 'string', value: asString(value) };
    default:
      if (typeof value === 'boolean') return { type: 'bool', value };
      if (typeof value === 'number')
        return Number.isInteger(value) ? { type: 'int', value: String(value) } : { type: 'double', value };
      return { type: 'string', value: asString(value) };
  }
}

/**
 * Streaming: Jaeger traces sit at `data[i]`, `data`, the root, or `[i]`; their
 * spans at `spans[k]`. Processes usually follow the spans, so a span's service
 * is resolved at the end of the file by its processID, and so is a parent
 * that depends on which span ids the whole trace holds. One pass is enough
 * unless a process never comes or a span without a traceID precedes the
 * trace's own: then the file is read again with `contextPass` (processes and
 * trace ids first), which gives the one-shot importer's result and warnings.
 */
export function jaegerLocator(options: { contextPass?: boolean; spanList?: boolean } = {}): StreamLocator {
  const contextPass = options.contextPass ?? false;
  if (options.spanList) return jaegerSpanListLocator();
  /** Stands in for a process that is still to come. */
  const later: Process = { service: 'unknown_service', tags: [], host: '' };
  const processes = new Map<string, Map<string, Process>>();
  const traceIds = new Map<string, string>();
  const warnings: Warning[] = [];

  // Strip the envelope: where the path inside the trace object starts, and the trace's group.
  // Every span asks: the group string of the last trace is kept rather than built again.
  let last = { doc: -1, trace: -1 as PathSegment | undefined, group: '' };
  function split(path: readonly PathSegment[], doc: number): { start: number; group: string } {
    let start = 0;
    let trace: PathSegment | undefined;
    if (path[0] === 'data') {
      start = 1;
      if (typeof path[1] === 'number') {
        trace = path[1];
        start = 2;
      }
    } else if (typeof path[0] === 'number') {
      trace = path[0];
      start = 1;
    }
    if (last.doc !== doc || last.trace !== trace)
      last = { doc, trace, group: trace === undefined ? `${doc}` : `${doc}/${trace}` };
    return { start, group: last.group };
  }

  function processOf(raw: unknown, group: string): Process | undefined {
    if (!isObject(raw)) return undefined;
    if (isObject(raw.process)) return parseProcess(raw.process);
    return processes.get(group)?.get(asString(raw.processID));
  }

  const convert: StreamLocator['convert'] = (raw, group, pathOf) => {
    const path = lazyText(pathOf);
    if (!isObject(raw)) {
      return { spans: [], pending: false, references: null, warnings: [notASpan(String(path), raw)] };
    }
    if (!contextPass && asString(raw.traceID) === '' && !traceIds.has(group))
      return { spans: [], pending: false, references: null, needsContextPass: true };
    const process = processOf(raw, group);
    const late = process === undefined && !contextPass && !processes.has(group);
    const core = spanRow(raw, path, traceIds.get(group) ?? '', late ? later : process, () => false);
    return converted(core, path, late ? asString(raw.processID) : undefined);
  };

  return {
    contextPass,
    // The row reads only the key tags (spanRow).
    lean: { member: 'tags', wanted: KEY_TAG_NAMES },
    decide(path, type, pass) {
      if (path.length === 0) return type === 'scalar' ? 'skip' : 'descend';
      if (path.length === 1 && (path[0] === 'data' || typeof path[0] === 'number'))
        return type === 'scalar' ? 'skip' : 'descend';
      const { start } = split(path, 0);
      const depth = path.length - start;
      const key = path[start];
      if (depth === 0) return 'descend';
      if (depth === 1) {
        if (key === 'spans') return pass === 'spans' ? (type === 'array' ? 'each' : 'descend') : 'skip';
        if (key === 'processes' || key === 'traceID' || key === 'warnings')
          return pass === 'context' || !contextPass ? 'capture' : 'skip';
        return 'skip';
      }
      if (pass === 'spans' && depth === 2 && key === 'spans' && typeof path[start + 1] === 'number') return 'capture';
      return 'skip';
    },
    classify(path, doc) {
      const { start, group } = split(path, doc);
      return { kind: path[start] === 'spans' ? 'span' : 'context', group };
    },
    addContext(group, path, value) {
      const key = path[path.length - 1];
      if (key === 'processes' && isObject(value)) {
        const map = new Map<string, Process>();
        for (const [id, raw] of Object.entries(value)) map.set(id, parseProcess(raw));
        processes.set(group, map);
      } else if (key === 'traceID') traceIds.set(group, normalizeTraceId(asString(value)));
      else if (key === 'warnings')
        for (const w of asArray(value)) if (typeof w === 'string') warnings.push(warning('source-warning', w));
    },
    rows: rowsOf(convert),
    convert,
    resolve(group, key) {
      const process = processes.get(group)?.get(key);
      return process ? { service: process.service, host: process.host } : null;
    },
    details(raw, group, parentSpanId) {
      if (!isObject(raw)) return null;
      return (
        parseSpan(raw, '', traceIds.get(group) ?? '', processOf(raw, group), () => false, parentSpanId)?.span ?? null
      );
    },
    fileWarnings: () => warnings,
  };
}

/**
 * Streaming a bare span list (`[span, …]`): every entry at `[i]` is a span,
 * with its process inline or by id alone; there is no context to read.
 */
function jaegerSpanListLocator(): StreamLocator {
  const convert: StreamLocator['convert'] = (raw, _group, pathOf) => {
    const path = lazyText(pathOf);
    if (!isObject(raw)) return { spans: [], pending: false, references: null, warnings: [notASpan(String(path), raw)] };
    return converted(
      spanRow(raw, path, '', bareProcess(raw, String(path)), () => false),
      path,
    );
  };
  return {
    contextPass: false,
    lean: { member: 'tags', wanted: KEY_TAG_NAMES },
    decide: (path, type) =>
      path.length === 0 ? (type === 'array' ? 'each' : 'skip') : path.length === 1 ? 'capture' : 'skip',
    classify: (_path, doc) => ({ kind: 'span', group: `${doc}` }),
    addContext: () => undefined,
    rows: rowsOf(convert),
    convert,
    details(raw, _group, parentSpanId) {
      return isObject(raw)
        ? (parseSpan(raw, '', '', bareProcess(raw, ''), () => false, parentSpanId)?.span ?? null)
        : null;
    },
    fileWarnings: () => [],
  };
}

/**
 * One span's answer to the engine: its row, or the warning for a span without an id; references
 * to settle at the end when more than one could be the parent; `pendingKey` (its processID) when
 * its process is still to come.
 */
function converted(core: JaegerRow | null, path: string, pendingKey?: string): Converted {
  if (!core) {
    return {
      spans: [],
      pending: false,
      references: null,
      warnings: [warning('rejected-span', `${path}: span has no spanID; skipped`)],
    };
  }
  const ambiguous = core.refs.length > 1 || (core.refs.length === 1 && core.refs[0]?.kind === 'follows_from');
  return {
    spans: [core.row],
    pending: pendingKey !== undefined,
    key: pendingKey,
    references: ambiguous ? core.refs : null,
  };
}

/**
 * Rows read straight from the spans' bytes where WebAssembly runs (jaeger-rows.ts), converted as the same spans parsed.
 */
function rowsOf(convert: StreamLocator['convert']): RowReader | undefined {
  const reader = jaegerRowReader(KEY_TAG_NAMES);
  return reader
    ? recordsReader(reader, (read, k, group, pathOf) => convert(spanOf(read, k, KEY_TAG_NAMES), group, pathOf))
    : undefined;
}
