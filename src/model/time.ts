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

/** Epoch µs to an ISO-like local-free UTC text with microseconds. */
export function formatEpochUs(epochUs: number): string {
  // Never throws: a time beyond Date's range (it cannot come from a built trace) says so.
  if (!isPlausibleUs(epochUs)) return 'time out of range';
  const ms = Math.floor(epochUs / 1000);
  const micros = Math.round(epochUs - ms * 1000);
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(micros).padStart(3, '0')} UTC`;
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
