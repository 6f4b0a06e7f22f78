// Go duration strings, as Jaeger's query API takes them: "1.5ms", "2s", "300us", "1h30m".
const UNIT_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };

export function parseGoDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed); // a bare number: µs
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_US[match[2] as string] as number);
    at = pattern.lastIndex;
  }
  return at === trimmed.length && at > 0 ? total : null;
}
