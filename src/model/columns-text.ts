import { SPAN_KINDS, spanKeyAt, type TraceColumns } from './columns';

/**
 * The compact columns of a trace as text, one line per span: what the page
 * holds. Tests compare the worker's result in the browser with the same
 * pipeline run in Node; the page exposes it as `window.skeinDebug.dump()`.
 */
export function columnsText(columns: TraceColumns): string {
  const { summary } = columns;
  const lines = [
    `${summary.traceId} spans=${summary.spanCount} services=${summary.serviceCount} depth=${summary.depth} errors=${summary.errorCount} duration=${summary.durationUs}`,
  ];
  for (let i = 0; i < columns.count; i++) {
    lines.push(
      [
        columns.depth[i],
        spanKeyAt(columns.spanKeys, i),
        columns.services[columns.serviceIndex[i] as number],
        JSON.stringify(columns.names[columns.nameIndex[i] as number]),
        columns.startUs[i],
        columns.durationUs[i],
        columns.skewUs[i],
        columns.selfUs[i],
        SPAN_KINDS[columns.kind[i] as number],
        columns.flags[i],
        (columns.eventOffset[i + 1] as number) - (columns.eventOffset[i] as number),
      ].join(' '),
    );
  }
  return lines.join('\n');
}
