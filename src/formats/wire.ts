// Small helpers every importer shares: reading loosely-typed JSON safely,
// building a WireSpan with defaults, and the cross-format error rules.
import { attrNumber, findAttr } from '../model/attributes';
import type { Attribute, AttrValue, SpanKind, SpanStatus, Warning, WireSpan } from '../model/trace';
import { briefValue, displayName } from '../model/text';
export { newWireSpan } from '../model/wire-span';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An attribute value as text, or '' for none, a list, a map or empty. */
export function textOf(value: AttrValue | undefined): string {
  if (value === undefined || value.type === 'array' || value.type === 'kvlist' || value.type === 'empty') return '';
  return String(value.value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

/** A finite number from a number or a numeric string, else null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Span kinds by name, lower and upper case (as Zipkin and Jaeger's span.kind tag spell them). */
const KIND_NAMES = new Map<string, SpanKind>();
for (const kind of ['server', 'client', 'producer', 'consumer', 'internal'] as const) {
  KIND_NAMES.set(kind, kind);
  KIND_NAMES.set(kind.toUpperCase(), kind);
}

export function spanKindFromText(text: string): SpanKind {
  // The common spellings without a lower-case copy and two regexes per span; OTLP's enum names after them.
  return (
    KIND_NAMES.get(text) ??
    KIND_NAMES.get(
      text
        .toLowerCase()
        .replace(/^span_kind_/, '')
        .replace(/^spankind\./, ''),
    ) ??
    'unspecified'
  );
}

export const HTTP_STATUS_KEYS: readonly string[] = ['http.response.status_code', 'http.status_code'];

/**
 * Applies the rule shared by every format: a server span that answered HTTP
 * 5xx is an error even when the instrumentation left its status unset.
 * `httpStatus` is read lazily: most spans never need it.
 */
export function withHttpStatus(kind: SpanKind, httpStatus: () => number | null, status: SpanStatus): SpanStatus {
  let code: number | null = null;
  return failsByHttp(kind, status.code, () => (code = httpStatus()))
    ? { code: 'error', message: `HTTP ${code}` }
    : status;
}

/**
 * The HTTP 5xx rule on a status code: a server span with no status of its own failed when its HTTP status is 500 or
 * more.
 */
export function failsByHttp(kind: SpanKind, code: SpanStatus['code'], httpStatus: () => number | null): boolean {
  if (code !== 'unset' || kind !== 'server') return false;
  const http = httpStatus();
  return http !== null && http >= 500;
}

export function withHttpServerError(kind: SpanKind, attributes: readonly Attribute[], status: SpanStatus): SpanStatus {
  return withHttpStatus(
    kind,
    () => {
      for (const key of HTTP_STATUS_KEYS) {
        const code = attrNumber(findAttr(attributes, key));
        if (code !== null) return code;
      }
      return null;
    },
    status,
  );
}

export function warning(code: Warning['code'], message: string): Warning {
  return { code, message };
}

/** Keys of an object for messages: `{a, b, c, …}` */
export function describeTopLevel(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty array';
    const first: unknown = value[0];
    if (isObject(first)) return `an array of ${value.length} objects whose first has keys ${keyList(first)}`;
    return `an array of ${value.length} ${Array.isArray(first) ? 'arrays' : typeof first + 's'}`;
  }
  if (isObject(value)) return `an object with keys ${keyList(value)}`;
  return `a ${value === null ? 'null' : typeof value} value`;
}

function keyList(object: JsonObject): string {
  const keys = Object.keys(object);
  if (keys.length === 0) return '{} (none)';
  const shown = keys
    .slice(0, 8)
    .map((key) => displayName(key, 40))
    .join(', ');
  return `{${shown}${keys.length > 8 ? ', …' : ''}}`;
}

/** What every importer returns: spans of any number of traces, and file-level warnings. */
export interface ParseResult {
  spans: WireSpan[];
  warnings: Warning[];
}

/** The warning for an entry of a span list that is not an object, worded alike on every path. */
export function notASpan(path: string, raw: unknown): Warning {
  return warning('rejected-span', `${path}: expected a span object, found ${briefValue(raw)}; skipped`);
}
