import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { StatsGrouping, StatsRow } from '../../analysis/span-stats';
import { maxOf } from '../../model/arrays';
import { thousands } from '../../model/numbers';
import { formatDurationUs } from '../../model/time';
import { attributeKeysQuery, statsQuery } from '../queries/analysis-queries';
import { SafeText } from '../shared/SafeText';

type SortKey = 'name' | 'count' | 'totalUs' | 'avgUs' | 'minUs' | 'maxUs' | 'selfUs' | 'selfAvgUs' | 'share' | 'errors';

const COLUMNS: Array<{ key: SortKey; label: string; title: string }> = [
  { key: 'count', label: 'Spans', title: 'How many spans the group has' },
  {
    key: 'totalUs',
    label: 'Total',
    title: 'Sum of the span durations: nested spans of one group count more than once, so it can exceed the trace',
  },
  { key: 'avgUs', label: 'Avg', title: 'Average duration' },
  { key: 'minUs', label: 'Min', title: 'Shortest span' },
  { key: 'maxUs', label: 'Max', title: 'Longest span' },
  {
    key: 'selfUs',
    label: 'Self total',
    title: 'Sum of self times: time not covered by each span’s own children. Usually where the time went',
  },
  { key: 'selfAvgUs', label: 'Self avg', title: 'Average self time' },
  {
    key: 'share',
    label: '% of trace',
    title: 'Self total as a share of the trace duration (parallel work can add up to more than 100%)',
  },
  { key: 'errors', label: 'Errors', title: 'Spans with an error status' },
];

function sortValue(row: StatsRow, key: SortKey, traceUs: number): number | string {
  switch (key) {
    case 'name':
      return row.value !== undefined ? (row.value ?? '\uffff') : `${row.service}\u0000${row.operation ?? ''}`;
    case 'avgUs':
      return row.totalUs / row.count;
    case 'selfAvgUs':
      return row.selfUs / row.count;
    case 'share':
      return traceUs > 0 ? row.selfUs / traceUs : 0;
    default:
      return row[key];
  }
}

interface Props {
  traceId: string;
  /** A service's colour in this trace. */
  colorOf: (service: string) => string;
  version: number;
  traceDurationUs: number;
  grouping: StatsGrouping;
  onGrouping: (grouping: StatsGrouping) => void;
  /** A row was clicked: show its spans in the waterfall. */
  onPick: (row: StatsRow) => void;
}

/** The trace's spans grouped by service, or by service and operation: counts, times and errors, sortable. */
export function StatisticsView({ traceId, colorOf, version, traceDurationUs, grouping, onGrouping, onPick }: Props) {
  const query = useQuery(statsQuery(traceId, version, grouping));
  const byAttribute = grouping.startsWith('attribute:');
  const [choosing, setChoosing] = useState(byAttribute);
  const keys = useQuery({ ...attributeKeysQuery(traceId, version), enabled: choosing || byAttribute });
  const field = byAttribute ? grouping.slice('attribute:'.length) : '';
  const [draft, setDraft] = useState(field);
  useEffect(() => setDraft(field), [field]);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'selfUs', descending: true });
  const rows = useMemo(() => {
    const list = [...(query.data ?? [])];
    list.sort((a, b) => {
      const x = sortValue(a, sort.key, traceDurationUs);
      const y = sortValue(b, sort.key, traceDurationUs);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -order : order;
    });
    return list;
  }, [query.data, sort, traceDurationUs]);
  const maxSelf = maxOf(rows, (r) => r.selfUs, 1);
  const header = (key: SortKey, label: string, title: string, className = 'num') => (
    <th
      className={className}
      title={title}
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }))}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <section className="statistics" aria-label="Statistics">
      <div className="statistics-toolbar">
        <label>
          Group by{' '}
          <select
            data-testid="stats-group"
            value={byAttribute || choosing ? 'attribute' : grouping}
            onChange={(e) => {
              if (e.target.value === 'attribute') setChoosing(true);
              else {
                setChoosing(false);
                onGrouping(e.target.value as StatsGrouping);
              }
            }}
          >
            <option value="operation">Service and operation</option>
            <option value="service">Service</option>
            <option value="attribute">Attribute…</option>
          </select>
        </label>
        {(choosing || byAttribute) && (
          <form
            className="stats-attribute"
            onSubmit={(e) => {
              e.preventDefault();
              if (draft.trim()) onGrouping(`attribute:${draft.trim()}`);
            }}
          >
            <input
              data-testid="stats-attribute"
              aria-label="Attribute to group by"
              list="stats-attribute-keys"
              placeholder={keys.isFetching ? 'reading keys…' : 'span.http.route, resource.host.name…'}
              value={draft}
              spellCheck={false}
              autoFocus={!byAttribute}
              onChange={(e) => setDraft(e.target.value)}
            />
            <datalist id="stats-attribute-keys">
              {(keys.data ?? []).map((k) => (
                <option key={k.field} value={k.field}>
                  {`${thousands(k.spans)} spans`}
                </option>
              ))}
            </datalist>
            <button type="submit" className="button small">
              Group
            </button>
          </form>
        )}
        <span className="muted small legend">
          Total sums durations (nested spans of a group count more than once); self is time not covered by a span’s own
          children. Click a row to see its spans.
        </span>
      </div>
      {query.isError && <p className="error-text">Statistics could not be computed: {String(query.error)}</p>}
      <div className="statistics-scroll">
        <table className="stats-table">
          <thead>
            <tr>
              {header(
                'name',
                byAttribute ? field : grouping === 'service' ? 'Service' : 'Service · operation',
                'Sort by name',
                'name',
              )}
              {COLUMNS.map((c) => header(c.key, c.label, c.title))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.query}
                data-testid="stats-row"
                data-service={row.service}
                data-operation={row.operation ?? undefined}
                data-value={row.value ?? undefined}
                data-count={row.count}
                data-total-us={row.totalUs}
                data-self-us={row.selfUs}
                data-errors={row.errors}
                onClick={() => onPick(row)}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onPick(row);
                }}
              >
                <td className="name">
                  {row.value !== undefined ? (
                    row.value === null ? (
                      <span className="muted">(not set)</span>
                    ) : (
                      <SafeText className="attribute-value" text={row.value} max={160} />
                    )
                  ) : (
                    <>
                      <span className="swatch" style={{ background: colorOf(row.service) }} />
                      <SafeText className="service" text={row.service} max={60} />
                    </>
                  )}
                  {row.operation !== null && (
                    <>
                      {' '}
                      <SafeText className="operation" text={row.operation} max={120} />
                    </>
                  )}
                </td>
                <td className="num">{thousands(row.count)}</td>
                <td className="num">{formatDurationUs(row.totalUs)}</td>
                <td className="num">{formatDurationUs(row.totalUs / row.count)}</td>
                <td className="num">{formatDurationUs(row.minUs)}</td>
                <td className="num">{formatDurationUs(row.maxUs)}</td>
                <td className="num self-cell">
                  <span
                    className="self-bar"
                    style={{
                      width: `${(row.selfUs / maxSelf) * 100}%`,
                      background: row.value !== undefined ? 'var(--accent)' : colorOf(row.service),
                    }}
                  />
                  <span className="self-value">{formatDurationUs(row.selfUs)}</span>
                </td>
                <td className="num">{formatDurationUs(row.selfUs / row.count)}</td>
                <td className="num">
                  {traceDurationUs > 0 ? `${Math.round((row.selfUs / traceDurationUs) * 100)}%` : '—'}
                </td>
                <td className={`num${row.errors ? ' error-text' : ''}`}>{thousands(row.errors)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
