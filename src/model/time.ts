// Time helpers. Every duration in the model is float64 microseconds.

const UNITS: ReadonlyArray<[number, string]> = [
  [3_600_000_000, 'h'],
  [60_000_000, 'm'],
  [1_000_000, 's'],
  [1_000, 'ms'],
  [1, 'µs'],
];

/**
 * The widest span of time JavaScript's Date can show: ±8.64e15 ms around the
 * epoch, in µs. A time outside it cannot be formatted (toISOString throws),
 * so the tree builder replaces it (validate-times.ts) and formatters refuse it.
 */
export const MAX_EPOCH_US = 8.64e18;

/** A finite time within Date's range (epoch µs, or an offset from a time that is). */
export function isPlausibleUs(value: number): boolean {
  return value <= MAX_EPOCH_US && value >= -MAX_EPOCH_US;
}

/** Formats a duration with a unit chosen for it: 1.5s, 120ms, 45µs, 850ns. */
export function formatDurationUs(durationUs: number): string {
  if (!Number.isFinite(durationUs)) return 'n/a';
  const abs = Math.abs(durationUs);
  if (abs === 0) return '0µs';
  if (abs < 1) return `${trimNumber(durationUs * 1000)}ns`;
  for (const [sizeUs, unit] of UNITS) {
    if (abs >= sizeUs) return `${trimNumber(durationUs / sizeUs)}${unit}`;
  }
  return `${trimNumber(durationUs)}µs`;
}

function trimNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** How absolute times are shown: the browser's own zone, or UTC. */
export type TimeZone = 'local' | 'utc';

const MINUTE_MS = 60_000;

/** Minutes east of UTC of `zone` at the instant `ms` (local zones change with summer time). */
function offsetMinutes(zone: TimeZone, ms: number): number {
  if (zone === 'utc') return 0;
  const offset = -new Date(ms).getTimezoneOffset();
  return Number.isFinite(offset) ? offset : 0;
}

/** The zone as written beside a time: `UTC`, or the local offset at that instant (`UTC+05:30`). */
export function zoneLabel(zone: TimeZone, epochUs = Date.now() * 1000): string {
  if (zone === 'utc') return 'UTC';
  const offset = offsetMinutes(zone, isPlausibleUs(epochUs) ? epochUs / 1000 : Date.now());
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${offset < 0 ? '−' : '+'}${hhmm}`;
}

/** The wall-clock fields of an instant in `zone`, as an ISO text (its `Z` means nothing here). */
function wallClock(ms: number, zone: TimeZone): string {
  const shifted = new Date(ms + offsetMinutes(zone, ms) * MINUTE_MS);
  // At the very edge of Date's range the shift can step outside it: show UTC's fields then.
  return (Number.isFinite(shifted.getTime()) ? shifted : new Date(ms)).toISOString();
}

/**
 * Epoch µs to `2026-01-01 10:00:00.123456 UTC` (or seconds only), in UTC or
 * in the browser's zone with its offset written beside it.
 */
export function formatEpochUs(epochUs: number, zone: TimeZone = 'utc', precision: 'µs' | 's' = 'µs'): string {
  // Never throws: a time beyond Date's range (it cannot come from a built trace) says so.
  if (!isPlausibleUs(epochUs)) return 'time out of range';
  const whole = Math.round(epochUs);
  const ms = Math.floor(whole / 1000);
  const iso = wallClock(ms, zone); // 2026-01-01T00:00:00.123Z
  const clock =
    precision === 's' ? iso.slice(11, 19) : `${iso.slice(11, 23)}${String(whole - ms * 1000).padStart(3, '0')}`;
  return `${iso.slice(0, 10)} ${clock} ${zoneLabel(zone, epochUs)}`;
}

/** Epoch µs to the value of an `<input type="datetime-local">` showing that instant in `zone`. */
export function epochUsToInput(epochUs: number, zone: TimeZone): string {
  if (!isPlausibleUs(epochUs)) return '';
  return wallClock(Math.floor(epochUs / 1000), zone).slice(0, 19);
}

/**
 * A date and time as an `<input type="datetime-local">` gives it (`2026-01-02T10:30`, seconds optional),
 * read in `zone`, to epoch µs; NaN when it is not one.
 */
export function inputToEpochUs(text: string, zone: TimeZone): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text.trim());
  if (!match) return NaN;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((p) => Number(p ?? 0));
  const ms = match[7] ? Number(`0.${match[7]}`) * 1000 : 0;
  const date =
    zone === 'utc'
      ? new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms))
      : new Date(year, month - 1, day, hour, minute, second, ms);
  // Date rolls 2026-02-31 over into March: refuse a day or hour that does not exist.
  const back = wallClock(date.getTime(), zone);
  const typed = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}`;
  return Number.isFinite(date.getTime()) && back.startsWith(typed) ? date.getTime() * 1000 : NaN;
}

const DURATION_UNIT_US: Record<string, number> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

/**
 * A duration as people and Jaeger's API write it (Go's syntax) → µs:
 * 120ms, 1.5s, 250us, 1h30m; a bare number is µs. null when it is not one.
 */
export function parseGoDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const pattern = /(\d+(?:\.\d+)?)\s*(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * (DURATION_UNIT_US[match[2] as string] as number);
    at = pattern.lastIndex;
  }
  return at === trimmed.length && at > 0 ? total : null;
}

/** How long ago `startUs` was at `nowUs`, in one rounded unit: "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(startUs: number, nowUs: number): string {
  const s = Math.max(0, (nowUs - startUs) / 1e6);
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
