// The search form's fields ⇄ URL parameters ⇄ a backend query.
import { epochUsToInput, inputToEpochUs, parseGoDuration as parseGoDurationUs, type TimeZone } from '../../model/time';
import { formatLogfmt, parseLogfmt } from '../../api/logfmt';
import type { SearchParams } from '../../api/trace-source';

/** The lookbacks Jaeger UI offers (a link from it keeps its range), by id, label and length in µs. */
export const LOOKBACKS: Array<[string, string, number]> = [
  ['5m', 'Last 5 minutes', 5 * 60e6],
  ['15m', 'Last 15 minutes', 15 * 60e6],
  ['30m', 'Last 30 minutes', 30 * 60e6],
  ['1h', 'Last hour', 3600e6],
  ['2h', 'Last 2 hours', 2 * 3600e6],
  ['3h', 'Last 3 hours', 3 * 3600e6],
  ['6h', 'Last 6 hours', 6 * 3600e6],
  ['12h', 'Last 12 hours', 12 * 3600e6],
  ['24h', 'Last 24 hours', 24 * 3600e6],
  ['2d', 'Last 2 days', 48 * 3600e6],
  ['3d', 'Last 3 days', 72 * 3600e6],
  ['5d', 'Last 5 days', 5 * 24 * 3600e6],
  ['7d', 'Last 7 days', 7 * 24 * 3600e6],
  ['2w', 'Last 2 weeks', 14 * 24 * 3600e6],
  ['custom', 'Custom range', 0],
];

export const SORTS: Array<[string, string]> = [
  ['recent', 'Most recent'],
  ['longest', 'Longest first'],
  ['spans', 'Most spans'],
  ['errors', 'Most errors'],
];

export interface FormFields {
  source: string;
  service: string;
  operation: string;
  tags: string;
  lookback: string;
  start: string;
  end: string;
  minDuration: string;
  maxDuration: string;
  limit: string;
  sort: string;
}

/**
 * Jaeger UI writes tags into its search URLs as a JSON object (`tags={"error":"true"}`); Skein's form
 * takes logfmt. A JSON object of plain values becomes the same tags in logfmt; anything else is left
 * as typed, for the form to say what is wrong with it.
 */
export function tagsFromUrl(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return text;
    const tags: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return text;
      tags[key] = String(v);
    }
    return formatLogfmt(tags);
  } catch {
    return text;
  }
}

/**
 * A custom range's end as typed (a date and time in `zone`), or as URLs give it (epoch µs, as Jaeger UI
 * writes it too): µs, or NaN.
 */
function rangeUs(text: string, zone: TimeZone): number {
  return /^\d{13,17}$/.test(text.trim()) ? Number(text.trim()) : inputToEpochUs(text, zone);
}

/** A custom range as the URL keeps it: epoch µs, so a shared link means the same instants in every zone. */
export function rangeForUrl(fields: FormFields, zone: TimeZone): FormFields {
  if (fields.lookback !== 'custom') return fields;
  const inUs = (text: string) => {
    const us = rangeUs(text, zone);
    return Number.isFinite(us) ? String(us) : text;
  };
  return { ...fields, start: inUs(fields.start), end: inUs(fields.end) };
}

/** A custom range as the form shows it: the URL's epoch µs as a date and time in `zone`. */
export function rangeForInput(fields: FormFields, zone: TimeZone): FormFields {
  const asInput = (text: string) => (/^\d{13,17}$/.test(text.trim()) ? epochUsToInput(Number(text), zone) : text);
  return { ...fields, start: asInput(fields.start), end: asInput(fields.end) };
}

export function fieldsFrom(query: URLSearchParams): FormFields {
  const get = (key: string, fallback = '') => query.get(key) ?? fallback;
  return {
    source: get('source', 'local'),
    service: get('service'),
    operation: get('operation'),
    tags: tagsFromUrl(get('tags')),
    lookback: get('lookback', '1h'),
    start: get('start'),
    end: get('end'),
    minDuration: get('minDuration'),
    maxDuration: get('maxDuration'),
    limit: get('limit', '20'),
    sort: get('sort', 'recent'),
  };
}

/** Fields → the backend query, or the first thing a person must fix. `nowUs` fixes "now" for a lookback. */
export function toSearchParams(
  fields: FormFields,
  nowUs: number,
  zone: TimeZone = 'utc',
): { params: SearchParams } | { error: string } {
  const tags = parseLogfmt(fields.tags);
  if ('error' in tags) return { error: `Tags: ${tags.error}` };
  let startUs: number;
  let endUs: number;
  if (fields.lookback === 'custom') {
    startUs = rangeUs(fields.start, zone);
    endUs = rangeUs(fields.end, zone);
    if (!Number.isFinite(startUs) || !Number.isFinite(endUs))
      return { error: 'Custom range: give a start and an end date and time.' };
    if (endUs <= startUs) return { error: 'Custom range: the end must come after the start.' };
  } else if (fields.lookback === 'all') {
    startUs = 0;
    endUs = Number.MAX_SAFE_INTEGER;
  } else {
    const lookback = LOOKBACKS.find(([id]) => id === fields.lookback)?.[2] ?? 3600e6;
    endUs = nowUs;
    startUs = nowUs - lookback;
  }
  const min = fields.minDuration ? parseGoDurationUs(fields.minDuration) : undefined;
  const max = fields.maxDuration ? parseGoDurationUs(fields.maxDuration) : undefined;
  if (min === null)
    return { error: `Min duration: "${fields.minDuration}" is not a duration such as 120ms, 1.5s or 250us.` };
  if (max === null)
    return { error: `Max duration: "${fields.maxDuration}" is not a duration such as 120ms, 1.5s or 250us.` };
  if (min !== undefined && max !== undefined && max < min)
    return { error: 'Max duration must be at least the min duration.' };
  const limit = Number(fields.limit || 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return { error: 'Limit: a whole number from 1 to 1000.' };
  return {
    params: {
      service: fields.service,
      operation: fields.operation || undefined,
      tags: tags.tags,
      startUs,
      endUs,
      minDurationUs: min,
      maxDurationUs: max,
      limit,
    },
  };
}
