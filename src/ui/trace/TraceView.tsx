import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { traceColorFinder } from '../../model/service-color';
import { FLAG_ERROR, FLAG_SKEW, spanKeyAt, spanKeyIndex, type TraceColumns } from '../../model/columns';
import { nextInMask } from '../../layout/rows';
import type { StatsGrouping, StatsRow } from '../../analysis/span-stats';
import { criticalPathQuery, traceQueryQuery } from '../queries/analysis-queries';
import { CriticalPathList } from './CriticalPathList';
import { StatisticsView } from './StatisticsView';
import { CompareView } from './CompareView';
import { TraceToolbar } from './TraceToolbar';
import { extentUs } from '../../layout/time-scale';
import { traceStore, type LoadedTrace } from '../shared/trace-store';
import { useViewParams } from '../shared/location';
import { SpanDetail } from './span-detail/SpanDetail';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './waterfall/Waterfall';

const fetchDetails = (traceId: string, index: number) => traceStore.details(traceId, index);

function asGrouping(group: string): StatsGrouping {
  return group === 'service' || group.startsWith('attribute:') ? (group as StatsGrouping) : 'operation';
}

/** The span last picked in each trace's waterfall, by index. */
const lastPicked = new WeakMap<TraceColumns, number>();

export function TraceView({ trace, onClose }: { trace: LoadedTrace; onClose?: (traceId: string) => void }) {
  const { columns, version } = trace;
  const [params, setParams] = useViewParams();
  const raw = params.raw;
  const hasSkew = useMemo(() => columns.flags.some((f) => (f & FLAG_SKEW) !== 0), [columns]);
  // The span picked here is known by index; one named by the URL is searched for (no key → index
  // map is built before the first paint: that costs 30 ms per 100,000 spans).
  const selected = useMemo(() => {
    if (params.span === null) return null;
    const picked = lastPicked.get(columns);
    if (picked !== undefined && spanKeyAt(columns.spanKeys, picked) === params.span) return picked;
    const found = spanKeyIndex(columns.spanKeys, params.span);
    return found === -1 ? null : found;
  }, [columns, params.span]);

  const shownStartUs = useMemo(() => {
    if (!raw || !hasSkew) return columns.startUs;
    return columns.startUs.map((s, i) => s - (columns.skewUs[i] as number));
  }, [columns, raw, hasSkew]);
  const domainUs = useMemo<[number, number]>(
    () =>
      raw && hasSkew ? extentUs(columns.startUs, columns.durationUs, columns.skewUs) : [0, columns.summary.durationUs],
    [columns, raw, hasSkew],
  );

  const onSelect = useCallback(
    (index: number | null) => {
      if (index !== null) lastPicked.set(columns, index);
      setParams({ span: index === null ? null : spanKeyAt(columns.spanKeys, index) }, 'replace');
    },
    [columns, setParams],
  );
  const focus = useMemo(() => {
    if (params.focus === null) return null;
    const found = spanKeyIndex(columns.spanKeys, params.focus);
    return found === -1 ? null : found;
  }, [columns, params.focus]);
  const onFocus = useCallback(
    (index: number | null) =>
      setParams({ focus: index === null ? null : spanKeyAt(columns.spanKeys, index), view: 'waterfall' }),
    [columns, setParams],
  );
  const onZoom = useCallback((zoom: readonly [number, number] | null) => setParams({ zoom }, 'replace'), [setParams]);
  const onMinUs = useCallback((minUs: number) => setParams({ minUs }, 'replace'), [setParams]);
  const onFold = useCallback((fold: boolean) => setParams({ fold }, 'replace'), [setParams]);
  const colorOf = traceColorFinder(columns.services);
  const onJump = useCallback((traceId: string, key: string) => setParams({ trace: traceId, span: key }), [setParams]);

  const traceId = columns.summary.traceId;
  const queryText = params.query ?? '';
  const search = useQuery({ ...traceQueryQuery(traceId, version, queryText), enabled: queryText !== '' });
  const matches = queryText && search.data?.ok ? search.data.mask : null;
  const path = useQuery({ ...criticalPathQuery(traceId, version), enabled: params.critical });
  const critical = params.critical ? (path.data?.onPath ?? null) : null;
  const errors = useMemo(() => columns.flags.map((f) => ((f & FLAG_ERROR) !== 0 ? 1 : 0)), [columns]);

  // Stepping (matches, errors) goes from the selected span in depth-first order, and shows the waterfall.
  const step = useCallback(
    (mask: Uint8Array | null, direction: 1 | -1) => {
      if (!mask) return;
      const next = nextInMask(mask, selected ?? (direction === 1 ? -1 : 0), direction);
      if (next === -1) return;
      lastPicked.set(columns, next);
      setParams({ span: spanKeyAt(columns.spanKeys, next), view: 'waterfall' }, 'replace');
    },
    [columns, selected, setParams],
  );
  const onStep = useCallback((direction: 1 | -1) => step(matches, direction), [step, matches]);
  const onError = useCallback((direction: 1 | -1) => step(errors, direction), [step, errors]);
  const onPick = useCallback(
    (row: StatsRow) => setParams({ query: row.query, only: true, view: 'waterfall' }),
    [setParams],
  );

  return (
    <div className="trace-view">
      <TraceHeader
        summary={columns.summary}
        rootColor={colorOf(columns.summary.rootService)}
        raw={raw}
        hasSkew={hasSkew}
        onToggleRaw={() => setParams({ raw: !raw }, 'replace')}
        onShowErrors={() => setParams({ query: '{ status = error }', only: true, view: 'waterfall' })}
        onClose={onClose && (() => onClose(columns.summary.traceId))}
      />
      <TraceToolbar
        view={params.view}
        onView={(view) => setParams({ view }, 'replace')}
        query={queryText}
        onQuery={(text) => setParams({ query: text.trim() ? text : null }, 'replace')}
        answer={queryText ? search.data : null}
        searching={search.isFetching}
        only={params.only}
        onOnly={(only) => setParams({ only }, 'replace')}
        onStep={onStep}
        critical={params.critical}
        onCritical={(on) => setParams({ critical: on }, 'replace')}
        errorCount={columns.summary.errorCount}
        onError={onError}
      />
      <div className="trace-body">
        <div className="trace-main">
          {params.view === 'compare' ? (
            <CompareView
              columns={columns}
              compareId={params.compare}
              onCompare={(compare) => setParams({ compare }, 'replace')}
              onPick={(query) => setParams({ query, only: true, view: 'waterfall' })}
              colorOf={colorOf}
            />
          ) : params.view === 'statistics' ? (
            <StatisticsView
              traceId={traceId}
              colorOf={colorOf}
              version={version}
              traceDurationUs={columns.summary.durationUs}
              grouping={asGrouping(params.group)}
              onGrouping={(group) => setParams({ group }, 'replace')}
              onPick={onPick}
            />
          ) : (
            <Waterfall
              columns={columns}
              shownStartUs={shownStartUs}
              domainUs={domainUs}
              selected={selected}
              onSelect={onSelect}
              matches={matches}
              onlyMatches={params.only && matches !== null}
              critical={critical}
              zoom={params.zoom}
              onZoom={onZoom}
              focus={focus}
              onFocus={onFocus}
              minUs={params.minUs}
              onMinUs={onMinUs}
              fold={params.fold}
              onFold={onFold}
            />
          )}
          {params.critical && path.data && (
            <CriticalPathList columns={columns} path={path.data} selected={selected} onSelect={onSelect} />
          )}
        </div>
        {selected !== null && (
          <SpanDetail
            key={`${selected}`}
            fetchDetails={fetchDetails}
            traceId={traceId}
            version={version}
            index={selected}
            raw={raw}
            onClose={() => onSelect(null)}
            onJump={onJump}
            colorOf={colorOf}
            focused={focus === selected}
            onFocus={() => onFocus(focus === selected ? null : selected)}
          />
        )}
      </div>
    </div>
  );
}
