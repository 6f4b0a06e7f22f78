import { useMemo, useState } from 'react';
import type { ServiceStats } from '../../model/columns';
import { maxOf } from '../../model/arrays';
import { formatDurationUs } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import { SafeText } from '../shared/SafeText';

type SortKey = 'service' | 'spanCount' | 'totalUs' | 'selfUs' | 'errorCount';

const COLUMNS: Array<{ key: SortKey; label: string; title: string }> = [
  { key: 'service', label: 'Service', title: 'Service name' },
  { key: 'spanCount', label: 'Spans', title: 'Spans of this service' },
  { key: 'totalUs', label: 'Total time', title: 'Sum of the durations of its spans' },
  { key: 'selfUs', label: 'Self time', title: 'Time its spans spent outside their own children' },
  { key: 'errorCount', label: 'Errors', title: 'Spans with an error status' },
];

/** Latency per service, sortable; self time is the usual answer to "where did the time go". */
export function ServiceTable({ stats, traceDurationUs }: { stats: ServiceStats[]; traceDurationUs: number }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'selfUs', descending: true });
  const rows = useMemo(() => {
    const sorted = [...stats].sort((a, b) => {
      const av = a[sort.key];
      const bv = b[sort.key];
      const order = typeof av === 'string' ? av.localeCompare(bv as string) : av - (bv as number);
      return sort.descending ? -order : order;
    });
    return sorted;
  }, [stats, sort]);
  const maxSelf = maxOf(stats, (s) => s.selfUs, 1);
  return (
    <details className="service-table" open>
      <summary>Latency by service</summary>
      <table data-testid="service-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                title={c.title}
                aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                className={c.key === 'service' ? '' : 'num'}
              >
                <button
                  type="button"
                  onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.key !== 'service' }))}
                >
                  {c.label}
                  {sort.key === c.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.service} data-testid="service-row" data-service={s.service}>
              <td>
                <span className="swatch" style={{ background: serviceColor(s.service) }} />
                <SafeText text={s.service} max={80} />
              </td>
              <td className="num">{s.spanCount}</td>
              <td className="num">{formatDurationUs(s.totalUs)}</td>
              <td className="num self-cell">
                <span className="self-bar" style={{ width: `${(s.selfUs / maxSelf) * 100}%`, background: serviceColor(s.service) }} />
                <span className="self-value">{formatDurationUs(s.selfUs)}</span>
                <span className="muted"> {traceDurationUs > 0 ? `${Math.round((s.selfUs / traceDurationUs) * 100)}%` : ''}</span>
              </td>
              <td className={`num${s.errorCount ? ' error-text' : ''}`}>{s.errorCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
