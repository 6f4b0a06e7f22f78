import type { Warning, WireSpan } from '../model/trace';

/**
 * Drops exact repeats of a span (same id, timing, name, service and half), as
 * happen when the same file is dropped twice or an exporter retries a batch.
 */
export function dedupeSpans(spans: readonly WireSpan[]): { spans: WireSpan[]; warnings: Warning[] } {
  const seen = new Set<string>();
  const kept: WireSpan[] = [];
  let dropped = 0;
  for (const span of spans) {
    const identity = `${span.spanId}|${span.startUs}|${span.durationUs}|${span.name}|${span.service}|${span.kind}|${span.shared}`;
    if (seen.has(identity)) {
      dropped++;
      continue;
    }
    seen.add(identity);
    kept.push(span);
  }
  const warnings: Warning[] = dropped
    ? [{ code: 'duplicate-span', message: `${dropped} exact duplicate span${dropped === 1 ? ' was' : 's were'} dropped` }]
    : [];
  return { spans: kept, warnings };
}
