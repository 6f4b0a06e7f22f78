// The search form's fields ⇄ URL parameters ⇄ a backend query.
import { parseGoDuration as parseGoDurationUs } from '../../model/time';
import { parseLogfmt } from '../../api/logfmt';
import type { SearchParams } from '../../api/trace-source';

export const LOOKBACKS: Array<[string, string, number]> = [
  ['15m', 'Last 15 minutes', 15 * 60e6],
  ['1h', 'Last hour', 3600e6],
  ['6h', 'Last 6 hours', 6 * 3600e6],
  ['24h', 'Last 24 hours', 24 * 3600e6],
  ['2d', 'Last 2 days', 48 * 3600e6],
  ['7d', 'Last 7 days', 7 * 24 * 3600e6],
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

export function fieldsFrom(query: URLSearchParams): FormFields {
  const get = (key: string, fallback = '') => query.get(key) ?? fallback;
  return {
    source: get('source', 'local'),
    service: get('service'),
    operation: get('operation'),
    tags: get('tags'),
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
export function toSearchParams(fields: FormFields, nowUs: number): { params: SearchParams } | { error: string } {
  if (!fields.service) return { error: 'Pick a service to search.' };
  const tags = parseLogfmt(fields.tags);
  if ('error' in tags) return { error: `Tags: ${tags.error}` };
  let startUs: number;
  let endUs: number;
  if (fields.lookback === 'custom') {
    startUs = Date.parse(fields.start) * 1000;
    endUs = Date.parse(fields.end) * 1000;
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
