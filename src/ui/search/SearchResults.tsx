import { scaleLinear, scaleSqrt, type ScaleLinear } from 'd3-scale';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceSummaryRow } from '../../api/trace-source';
import { formatAge, formatDurationUs, formatEpochUs, isPlausibleUs, zoneLabel, type TimeZone } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import { maxOf } from '../../model/arrays';
import { SORTS } from './search-form-state';
import { SafeText } from '../shared/SafeText';
import { displayName } from '../../model/text';
import { useTimeZone } from '../shared/time-zone';

interface Props {
  rows: TraceSummaryRow[];
  tookMs: number;
  fetching: boolean;
  sort: string;
  onSort: (sort: string) => void;
  onOpen: (traceId: string) => void;
}

const ORDER: Record<string, (a: TraceSummaryRow, b: TraceSummaryRow) => number> = {
  recent: (a, b) => b.startUs - a.startUs,
  longest: (a, b) => b.durationUs - a.durationUs,
  spans: (a, b) => b.spanCount - a.spanCount,
  errors: (a, b) => b.errorCount - a.errorCount || b.startUs - a.startUs,
};

export function SearchResults({ rows, tookMs, fetching, sort, onSort, onOpen }: Props) {
  const zone = useTimeZone();
  const sorted = useMemo(() => [...rows].sort(ORDER[sort] ?? ORDER.recent), [rows, sort]);
  const slowest = maxOf(rows, (r) => r.durationUs, 1);
  return (
    <div className={`search-results${fetching ? ' fetching' : ''}`}>
      <div className="results-head">
        <strong data-testid="search-count">
          {rows.length} trace{rows.length === 1 ? '' : 's'}
        </strong>
        <span className="muted"> in {Math.round(tookMs)} ms</span>
        <label className="sort">
          Sort
          <select value={sort} onChange={(e) => onSort(e.target.value)} data-testid="search-sort">
            {SORTS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows.length > 0 && <Scatter rows={rows} onOpen={onOpen} />}
      {rows.length === 0 && <p className="muted">No trace matches. Widen the time range or remove a filter.</p>}
      <ul className="result-list">
        {sorted.map((row) => (
          <li key={row.traceId}>
            <button
              type="button"
              className={row.errorCount > 0 ? 'result has-errors' : 'result'}
              data-testid="search-result"
              data-trace-id={row.traceId}
              data-errors={row.errorCount}
              onClick={() => onOpen(row.traceId)}
            >
              <span className="result-title">
                <span className="swatch" style={{ background: serviceColor(row.rootService) }} />
                <SafeText className="service" text={row.rootService} max={80} />{' '}
                <SafeText text={row.rootName} max={160} />
                <span className="muted result-id">{row.traceId.slice(0, 7)}</span>
              </span>
              <span className="result-bar-track">
                <span className="result-bar" style={{ width: `${(row.durationUs / slowest) * 100}%` }} />
                <span className="result-duration">{formatDurationUs(row.durationUs)}</span>
              </span>
              <span className="result-meta">
                <span>{row.spanCount} spans</span>
                {row.errorCount > 0 && (
                  <span className="error-text">
                    {row.errorCount} error{row.errorCount === 1 ? '' : 's'}
                  </span>
                )}
                {row.services.slice(0, 8).map((s) => (
                  <span key={s.service} className="chip" style={{ borderColor: serviceColor(s.service) }}>
                    <SafeText text={s.service} max={40} /> {s.spans}
                  </span>
                ))}
                <span className="muted result-time" title={formatEpochUs(row.startUs, zone)}>
                  {formatEpochUs(row.startUs, zone, 's')} · {formatAge(row.startUs, Date.now() * 1000)}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The plot's width before its box is measured, and its height: drawn at the box's own width, text is never scaled. */
const W = 760;
const H = 190;
const PAD = { left: 56, right: 12, top: 10, bottom: 24 };

/** The start-time axis: at least a minute wide around the traces, so one trace or a burst reads as a moment. */
const LEAST_SPAN_US = 60e6;

/** Tick labels on the start-time axis, a label only where it differs from the one before (no repeats). */
function timeTicks(x: ScaleLinear<number, number>, zone: TimeZone): Array<[number, string]> {
  const ticks: Array<[number, string]> = [];
  let previous = '';
  for (const t of x.ticks(5)) {
    if (!isPlausibleUs(t) || x(t) < PAD.left + 46) continue; // room for the zone's name at the left
    const label = formatEpochUs(t, zone, 's').slice(11, 19);
    if (label !== previous) ticks.push([t, label]);
    previous = label;
  }
  return ticks;
}

/**
 * Duration over start time; size by span count; traces with errors in red. Hovering or focusing a dot
 * shows the trace; a click or Enter opens it.
 */
function Scatter({ rows, onOpen }: { rows: TraceSummaryRow[]; onOpen: (traceId: string) => void }) {
  const zone = useTimeZone();
  const [hovered, setHovered] = useState<TraceSummaryRow | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(W);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(280, Math.round(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  let minStart = Infinity;
  let maxStart = -Infinity;
  for (const r of rows) {
    if (r.startUs < minStart) minStart = r.startUs;
    if (r.startUs > maxStart) maxStart = r.startUs;
  }
  const pad = Math.max(0, (LEAST_SPAN_US - (maxStart - minStart)) / 2);
  const x = scaleLinear()
    .domain([minStart - pad, maxStart + pad])
    .range([PAD.left, width - PAD.right]);
  const y = scaleLinear()
    .domain([0, maxOf(rows, (row) => row.durationUs, 1)])
    .nice()
    .range([H - PAD.bottom, PAD.top]);
  const r = scaleSqrt()
    .domain([1, maxOf(rows, (row) => row.spanCount, 2)])
    .range([3, 9]);
  return (
    <div className="scatter-box" ref={box}>
      <svg
        className="scatter"
        viewBox={`0 0 ${width} ${H}`}
        aria-label="Trace duration over start time"
        data-testid="search-scatter"
      >
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t)} className="tick" textAnchor="end" dominantBaseline="middle">
              {formatDurationUs(t)}
            </text>
          </g>
        ))}
        {timeTicks(x, zone).map(([t, label]) => (
          <text key={t} x={x(t)} y={H - 6} className="tick" textAnchor="middle">
            {label}
          </text>
        ))}
        <text x={4} y={H - 6} className="tick">
          {zoneLabel(zone)}
        </text>
        {rows.map((row) => (
          <circle
            key={row.traceId}
            cx={x(row.startUs)}
            cy={y(row.durationUs)}
            r={r(row.spanCount)}
            className={`${row.errorCount ? 'dot error' : 'dot'}${hovered === row ? ' hovered' : ''}`}
            data-testid="scatter-dot"
            data-trace-id={row.traceId}
            role="button"
            tabIndex={0}
            aria-label={describe(row, zone)}
            onClick={() => onOpen(row.traceId)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onOpen(row.traceId);
              }
            }}
            onMouseEnter={() => setHovered(row)}
            onMouseLeave={() => setHovered((h) => (h === row ? null : h))}
            onFocus={() => setHovered(row)}
            onBlur={() => setHovered((h) => (h === row ? null : h))}
          />
        ))}
      </svg>
      {hovered && (
        <div
          className="scatter-tip"
          data-testid="scatter-tip"
          role="status"
          style={{
            left: `${(x(hovered.startUs) / width) * 100}%`,
            top: `${(y(hovered.durationUs) / H) * 100}%`,
          }}
          data-side={x(hovered.startUs) > width / 2 ? 'left' : 'right'}
        >
          <strong>
            <SafeText text={hovered.rootService} max={40} />
          </strong>{' '}
          <SafeText text={hovered.rootName} max={80} />
          <span className="muted">
            {formatDurationUs(hovered.durationUs)} · {hovered.spanCount} spans ·{' '}
            {formatEpochUs(hovered.startUs, zone, 's')}
          </span>
          {hovered.errorCount > 0 && (
            <span className="error-text">
              {hovered.errorCount} error{hovered.errorCount === 1 ? '' : 's'}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** A dot's name for a screen reader (the tip shows the same to the eye). */
function describe(row: TraceSummaryRow, zone: TimeZone): string {
  const errors = row.errorCount ? `, ${row.errorCount} error${row.errorCount === 1 ? '' : 's'}` : '';
  return `${displayName(row.rootService, 80)} ${displayName(row.rootName, 160)}: ${formatDurationUs(row.durationUs)}, ${row.spanCount} spans${errors}, started ${formatEpochUs(row.startUs, zone, 's')}`;
}
