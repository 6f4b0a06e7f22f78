import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { NO_SOURCE, searchQuery, servicesQuery, sourcesQuery } from '../queries/backend-queries';
import { formatAge, formatDurationUs, formatEpochUs } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import { thousands } from '../../model/numbers';
import { SafeText } from '../shared/SafeText';
import { navigate } from '../shared/location';
import { useTimeZone } from '../shared/time-zone';

/** The server's own store, as /api/skein/sources names it. */
export const STORE_ID = 'local';
/** How many of the latest traces the start page lists. */
const LATEST = 8;
/** How far back the start page looks (the store keeps 72 hours by default). */
const LOOKBACK_US = 30 * 24 * 3600e6;

/**
 * The start page's word on this server's store: when it holds traces, the latest ones (a click opens one) and the way
 * to search them all. Nothing shows while the store is empty or the app runs without a server.
 */
export function StoreTraces() {
  const zone = useTimeZone();
  const sources = useQuery(sourcesQuery());
  const store = sources.data?.find((s) => s.id === STORE_ID) ?? null;
  // One instant per visit to the page, rounded to the minute: the query key stays the same while it shows.
  const [nowUs] = useState(() => Math.ceil(Date.now() / 60_000) * 60_000 * 1000);
  const params = useMemo(() => ({ service: '', startUs: nowUs - LOOKBACK_US, endUs: nowUs, limit: LATEST }), [nowUs]);
  const latest = useQuery({ ...searchQuery(store ?? NO_SOURCE, params), enabled: store !== null });
  const services = useQuery({ ...servicesQuery(store ?? NO_SOURCE), enabled: store !== null });
  const rows = useMemo(() => [...(latest.data?.rows ?? [])].sort((a, b) => b.startUs - a.startUs), [latest.data]);
  if (!store || rows.length === 0) return null;
  const serviceCount = services.data?.length ?? 0;
  return (
    <section className="store-traces" data-testid="store-traces" aria-labelledby="store-traces-title">
      <div className="store-traces-head">
        <h2 id="store-traces-title">In this server&rsquo;s store</h2>
        <span className="muted">
          {serviceCount > 0 && `${thousands(serviceCount)} service${serviceCount === 1 ? '' : 's'} · `}latest{' '}
          {rows.length} trace{rows.length === 1 ? '' : 's'}
        </span>
      </div>
      <ul className="store-trace-list">
        {rows.map((row) => (
          <li key={row.traceId}>
            <button
              type="button"
              className={`store-trace${row.errorCount > 0 ? ' has-errors' : ''}`}
              data-testid="store-trace"
              data-trace-id={row.traceId}
              onClick={() => navigate('/', new URLSearchParams({ source: STORE_ID, trace: row.traceId }))}
            >
              <span className="store-trace-name">
                <span className="swatch" style={{ background: serviceColor(row.rootService) }} />
                <SafeText className="service" text={row.rootService} max={80} />{' '}
                <SafeText text={row.rootName} max={120} />
              </span>
              <span className="store-trace-duration">{formatDurationUs(row.durationUs)}</span>
              <span className="store-trace-meta muted">
                {thousands(row.spanCount)} spans
                {row.errorCount > 0 && (
                  <span className="error-text">
                    {' '}
                    · {thousands(row.errorCount)} error{row.errorCount === 1 ? '' : 's'}
                  </span>
                )}
              </span>
              <span className="store-trace-time muted" title={formatEpochUs(row.startUs, zone)}>
                {formatAge(row.startUs, Date.now() * 1000)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="store-traces-actions">
        <button
          type="button"
          className="button primary"
          data-testid="store-search"
          onClick={() => navigate('/search', new URLSearchParams({ source: STORE_ID, lookback: '2d' }))}
        >
          Search all traces
        </button>
      </div>
    </section>
  );
}
