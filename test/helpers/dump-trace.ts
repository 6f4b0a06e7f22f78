// Compact text dump of a built trace: one line per span (indent, service,
// name, start, duration, kind, status, warnings). Fixture tests compare it.
import type { Trace } from '../../src/model/trace';

function us(value: number): string {
  return `${Number(value.toFixed(3))}us`;
}

export function dumpTrace(trace: Trace): string {
  const lines = [
    `trace ${trace.traceId} ${trace.format} spans=${trace.spans.length} services=${trace.services.join(',')} duration=${us(trace.durationUs)} orphans=${trace.orphanCount}`,
  ];
  for (const w of trace.warnings) lines.push(`! ${w.code}: ${w.message}`);
  for (const span of trace.spans) {
    const flags = [span.kind, span.status.code === 'error' ? 'ERROR' : span.status.code];
    if (span.skewUs !== 0) flags.push(`skew=${us(span.skewUs)}`);
    if (span.events.length) flags.push(`events=${span.events.length}`);
    if (span.links.length) flags.push(`links=${span.links.length}`);
    const warnings = [...new Set(span.warnings.map((w) => w.code))].map((c) => ` !${c}`).join('');
    lines.push(`${'  '.repeat(span.depth)}${span.service} "${span.name}" +${us(span.startUs)} ${us(span.durationUs)} ${flags.join(' ')}${warnings}`);
  }
  return lines.join('\n');
}

/** Dumps every trace of a file, in trace-id order so the dump is stable. */
export function dumpTraces(traces: readonly Trace[]): string {
  return [...traces]
    .sort((a, b) => (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0))
    .map(dumpTrace)
    .join('\n\n');
}
