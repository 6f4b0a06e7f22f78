import type { TraceSummary } from '../../model/columns';

const LABELS: Record<string, [string, string]> = {
  orphan: ['orphan span', 'orphan spans'],
  'duplicate-id': ['duplicate span id', 'duplicate span ids'],
  cycle: ['parent loop cut', 'parent loops cut'],
  'clock-skew': ['clock-skew adjustment', 'clock-skew adjustments'],
  'child-outside-parent': ['child outside its parent', 'children outside their parent'],
  'invalid-value': ['invalid value', 'invalid values'],
  'missing-field': ['missing field', 'missing fields'],
  'rejected-span': ['span skipped', 'spans skipped'],
  'source-warning': ['note from the source', 'notes from the source'],
  'dropped-data': ['span with dropped data', 'spans with dropped data'],
  'duplicate-span': ['duplicate span dropped', 'duplicate spans dropped'],
  'partial-trace': ['partial trace', 'partial traces'],
  unsupported: ['unsupported part', 'unsupported parts'],
};

function label(code: string, count: number): string {
  const pair = LABELS[code];
  return `${count} ${pair ? pair[count === 1 ? 0 : 1] : code}`;
}

/** Problems in the data, counted once each, folded away until asked for. */
export function WarningSummary({ summary }: { summary: TraceSummary }) {
  const spanCounts = Object.entries(summary.spanWarningCounts);
  // Trace-level lines that only summarise span warnings (orphans, skew…) are not counted twice.
  const traceOnly = summary.warnings.filter((w) => !(w.code in summary.spanWarningCounts));
  const counts = [...spanCounts];
  for (const w of traceOnly) {
    const found = counts.find(([code]) => code === w.code);
    if (found) found[1]++;
    else counts.push([w.code, 1]);
  }
  const total = counts.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return null;
  return (
    <details className="warnings" data-testid="trace-warnings">
      <summary>
        <span className="badge warn">{total}</span> warning{total === 1 ? '' : 's'} about this data
        <span className="muted"> — {counts.map(([code, c]) => label(code, c)).join(' · ')}</span>
      </summary>
      <ul>
        {summary.warnings.map((w, i) => (
          <li key={`t${i}`}>
            <code>{w.code}</code> {w.message}
          </li>
        ))}
        {spanCounts.map(([code, c]) => (
          <li key={code}>
            <code>{code}</code> on {c} span{c === 1 ? '' : 's'}; select a span to read its warning
          </li>
        ))}
      </ul>
    </details>
  );
}
