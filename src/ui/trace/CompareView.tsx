import { useMemo, useState } from 'react';
import { ancestry, diffTraces, selfDelta, type DiffRow } from '../../analysis/trace-diff';
import type { TraceColumns } from '../../model/columns';
import { shortId } from '../../model/ids';
import { thousands } from '../../model/numbers';
import { formatDurationUs } from '../../model/time';
import { SafeText } from '../shared/SafeText';
import { useTraceStore, type LoadedTrace } from '../shared/trace-store';

/** Rows shown at once: the largest changes; the rest are counted. */
const MOST_ROWS = 300;
/** Traces offered as the baseline (same root call first). */
const MOST_CHOICES = 500;

type Order = 'self' | 'total' | 'tree';
const ORDERS: Array<[Order, string]> = [
  ['self', 'Largest change in self time'],
  ['total', 'Largest change in total time'],
  ['tree', 'Tree order'],
];

const ORDER: Record<Order, ((a: DiffRow, b: DiffRow) => number) | null> = {
  self: (a, b) => Math.abs(selfDelta(b)) - Math.abs(selfDelta(a)),
  total: (a, b) => Math.abs(b.b.totalUs - b.a.totalUs) - Math.abs(a.b.totalUs - a.a.totalUs),
  tree: null,
};

/** A signed duration: "+120ms", "−4ms" (a true minus sign), "±0". */
function signed(us: number): string {
  if (us === 0) return '±0';
  return `${us > 0 ? '+' : '−'}${formatDurationUs(Math.abs(us))}`;
}

function label(trace: TraceColumns): string {
  const { summary } = trace;
  return `${summary.rootService} ${summary.rootName} · ${formatDurationUs(summary.durationUs)} · ${shortId(summary.traceId)}`.slice(
    0,
    200,
  );
}

interface Props {
  columns: TraceColumns;
  /** The baseline's trace id (null: none chosen yet). */
  compareId: string | null;
  onCompare: (traceId: string | null) => void;
  /** A row was clicked: show its spans of this trace in the waterfall. */
  onPick: (query: string) => void;
  colorOf: (service: string) => string;
}

/**
 * This trace against another loaded trace of the same request (the baseline): each call, matched by its path from
 * the root, with its spans, total and self time in both, and the change. The rows that changed most are first, so a
 * slow trace shows where its extra time went; calls only one trace made are marked new or gone.
 */
export function CompareView({ columns, compareId, onCompare, onPick, colorOf }: Props) {
  const { traces } = useTraceStore();
  const here = columns.summary;
  const others = useMemo(() => {
    // Traces of the same root call first (the same request), then the rest; a file of 100,000 traces lists a few.
    const same: LoadedTrace[] = [];
    const rest: LoadedTrace[] = [];
    for (const t of traces) {
      const s = t.columns.summary;
      if (s.traceId === here.traceId) continue;
      (s.rootService === here.rootService && s.rootName === here.rootName ? same : rest).push(t);
    }
    for (const t of rest) same.push(t);
    return same;
  }, [traces, here]);
  const baseline = others.find((t) => t.columns.summary.traceId === compareId)?.columns ?? null;
  const listed = others.slice(0, MOST_CHOICES);
  if (baseline && !listed.some((t) => t.columns === baseline)) listed.push({ columns: baseline, version: 0 });
  const [order, setOrder] = useState<Order>('self');
  const diff = useMemo(() => (baseline ? diffTraces(baseline, columns) : null), [baseline, columns]);
  const rows = useMemo(() => {
    if (!diff) return [];
    const sorter = ORDER[order];
    const list = sorter ? diff.rows.slice().sort(sorter) : diff.rows.slice();
    return list.slice(0, MOST_ROWS);
  }, [diff, order]);

  if (others.length === 0) {
    return (
      <div className="compare empty-state" data-testid="compare-none">
        <h2>Nothing to compare with yet</h2>
        <p>
          Open another trace of the same request (another file, or a second result from the search), then compare this
          one with it: each call side by side, the changes first.
        </p>
      </div>
    );
  }
  return (
    <div className="compare">
      <div className="compare-toolbar">
        <label>
          Compare with{' '}
          <select
            data-testid="compare-with"
            value={baseline ? (compareId ?? '') : ''}
            onChange={(e) => onCompare(e.target.value || null)}
          >
            <option value="">Pick a loaded trace…</option>
            {listed.map((t) => (
              <option key={t.columns.summary.traceId} value={t.columns.summary.traceId}>
                {label(t.columns)}
              </option>
            ))}
          </select>
        </label>
        {baseline && (
          <label>
            Order{' '}
            <select data-testid="compare-order" value={order} onChange={(e) => setOrder(e.target.value as Order)}>
              {ORDERS.map(([id, text]) => (
                <option key={id} value={id}>
                  {text}
                </option>
              ))}
            </select>
          </label>
        )}
        {baseline && diff && (
          <span className="compare-summary" data-testid="compare-summary">
            This trace {formatDurationUs(here.durationUs)}, {thousands(here.spanCount)} spans; the other{' '}
            {formatDurationUs(baseline.summary.durationUs)}, {thousands(baseline.summary.spanCount)} spans (
            {signed(here.durationUs - baseline.summary.durationUs)}). {thousands(diff.onlyB)} new call
            {diff.onlyB === 1 ? '' : 's'}, {thousands(diff.onlyA)} gone.
          </span>
        )}
      </div>
      {!baseline && <p className="muted compare-hint">Pick the trace to compare this one with (the baseline).</p>}
      {diff && (
        <div className="compare-scroll">
          <table className="stats-table compare-table">
            <thead>
              <tr>
                <th>Call (its path from the root)</th>
                <th className="num" title="Spans of this call: the other trace → this one">
                  Spans
                </th>
                <th className="num">Total, other</th>
                <th className="num">Total, this</th>
                <th className="num">Self, other</th>
                <th className="num">Self, this</th>
                <th className="num" title="Self time here minus self time in the other trace">
                  Δ self
                </th>
                <th className="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const only = row.a.count === 0 ? 'new' : row.b.count === 0 ? 'gone' : '';
                const delta = selfDelta(row);
                return (
                  <tr
                    key={row.id}
                    data-testid="compare-row"
                    data-service={row.service}
                    data-operation={row.operation}
                    data-delta-us={delta}
                    data-only={only}
                    className={only ? `only-${only}` : undefined}
                    onClick={() => row.b.count > 0 && onPick(row.query)}
                    title={row.b.count > 0 ? 'Show these spans in the waterfall' : 'Only the other trace has this call'}
                  >
                    <td className="name">
                      <span className="compare-path muted">
                        {ancestry(diff.rows, row).map((step, k) => (
                          <span key={k}>
                            <SafeText text={step} max={60} /> ›{' '}
                          </span>
                        ))}
                      </span>
                      <span className="swatch" style={{ background: colorOf(row.service) }} />
                      <SafeText className="service" text={row.service} max={60} />{' '}
                      <SafeText text={row.operation} max={120} />
                      {only && <span className={`badge ${only === 'new' ? 'warn' : ''}`}>{only}</span>}
                    </td>
                    <td className="num">
                      {row.a.count} → {row.b.count}
                    </td>
                    <td className="num">{row.a.count ? formatDurationUs(row.a.totalUs) : '—'}</td>
                    <td className="num">{row.b.count ? formatDurationUs(row.b.totalUs) : '—'}</td>
                    <td className="num">{row.a.count ? formatDurationUs(row.a.selfUs) : '—'}</td>
                    <td className="num">{row.b.count ? formatDurationUs(row.b.selfUs) : '—'}</td>
                    <td className={`num delta ${delta > 0 ? 'slower' : delta < 0 ? 'faster' : ''}`}>{signed(delta)}</td>
                    <td className="num">{row.a.errors || row.b.errors ? `${row.a.errors} → ${row.b.errors}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {diff.rows.length > rows.length && (
            <p className="muted compare-more">
              The first {thousands(rows.length)} of {thousands(diff.rows.length)} calls.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
