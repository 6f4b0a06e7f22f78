// Compact text dump of a built trace: one line per span (indent, service,
// name, start, duration, kind, status, warnings). Fixture tests compare it.
import { FLAG_ERROR, FLAG_OK, SPAN_KINDS, type TraceColumns } from '../../src/model/columns';
import type { Trace } from '../../src/model/trace';
import type { SpanDetails, TraceSession } from '../../src/worker/trace-session';

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
    lines.push(
      `${'  '.repeat(span.depth)}${span.service} "${span.name}" +${us(span.startUs)} ${us(span.durationUs)} ${flags.join(' ')}${warnings}`,
    );
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

/**
 * The same dump from what the page gets: the compact columns, plus each
 * span's details as the worker reads them again from the file.
 */
export function dumpColumns(columns: TraceColumns, details: ReadonlyArray<SpanDetails | null>): string {
  const spans = Array.from({ length: columns.count }, (_, i) => {
    const d = details[i];
    const flags = columns.flags[i] as number;
    return {
      depth: columns.depth[i] as number,
      service: columns.services[columns.serviceIndex[i] as number] ?? '',
      name: columns.names[columns.nameIndex[i] as number] ?? '',
      startUs: columns.startUs[i] as number,
      durationUs: columns.durationUs[i] as number,
      kind: SPAN_KINDS[columns.kind[i] as number] ?? 'unspecified',
      status: { code: flags & FLAG_ERROR ? 'error' : flags & FLAG_OK ? 'ok' : 'unset', message: '' },
      skewUs: columns.skewUs[i] as number,
      events: { length: (columns.eventOffset[i + 1] as number) - (columns.eventOffset[i] as number) },
      links: { length: d ? d.references.filter((r) => r.kind !== 'parent').length : -1 },
      warnings: d?.warnings ?? [{ code: 'missing-details', message: '' }],
    };
  });
  const { summary } = columns;
  return dumpTrace({
    traceId: summary.traceId,
    format: summary.format,
    spans,
    services: columns.services,
    durationUs: summary.durationUs,
    orphanCount: summary.orphanCount,
    warnings: summary.warnings,
  } as unknown as Trace);
}

/** One file through a session: its traces' warnings, columns and every span's details, or its error. */
export async function dumpImport(session: TraceSession, name: string, content: BlobPart): Promise<string> {
  const report = await session.importFiles([{ name, blob: new Blob([content]) }]);
  if (report.failures.length) return `error: ${report.failures[0]?.message}`;
  const parts: string[] = [];
  for (const columns of report.traces.sort((a, b) => (a.summary.traceId < b.summary.traceId ? -1 : 1))) {
    const details = await Promise.all(
      Array.from({ length: columns.count }, (_, i) => session.details(columns.summary.traceId, i)),
    );
    parts.push(`${columns.summary.warnings.map((w) => w.message).join('\n')}\n${dumpColumns(columns, details)}`);
  }
  return parts.join('\n\n');
}
