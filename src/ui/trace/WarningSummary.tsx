import type { TraceSummary } from '../../model/columns';

const LABELS: Record<string, string> = {
  orphan: 'orphan spans',
  'duplicate-id': 'duplicate span ids',
  cycle: 'parent loops cut',
  'clock-skew': 'clock-skew adjustments',
  'child-outside-parent': 'children outside their parent',
  'invalid-value': 'invalid values',
  'missing-field': 'missing fields',
  'source-warning': 'notes from the source',
  'dropped-data': 'spans with dropped data',
  truncated: 'truncated values',
};

/** Problems in the data, counted, folded away until asked for. */
export function WarningSummary({ summary }: { summary: TraceSummary }) {
  const counts = Object.entries(summary.spanWarningCounts);
  const total = summary.warnings.length + counts.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return null;
  return (
    <details className="warnings" data-testid="trace-warnings">
      <summary>
        <span className="badge warn">{total}</span> warning{total === 1 ? '' : 's'} about this data
        <span className="muted"> — {counts.map(([code, c]) => `${c} ${LABELS[code] ?? code}`).join(' · ') || summary.warnings[0]?.message}</span>
      </summary>
      <ul>
        {summary.warnings.map((w, i) => (
          <li key={`t${i}`}>
            <code>{w.code}</code> {w.message}
          </li>
        ))}
        {counts.map(([code, c]) => (
          <li key={code}>
            <code>{code}</code> on {c} span{c === 1 ? '' : 's'} — select a span to read its warning
          </li>
        ))}
      </ul>
    </details>
  );
}
