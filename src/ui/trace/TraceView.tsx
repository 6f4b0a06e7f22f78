import { useCallback, useMemo } from 'react';
import { FLAG_SKEW, spanKeyAt, spanKeyIndex, type TraceColumns } from '../../model/columns';
import { extentUs } from '../../layout/time-scale';
import { traceStore, type LoadedTrace } from '../shared/trace-store';
import { useViewParams } from '../shared/url-state';
import { ServiceTable } from './ServiceTable';
import { SpanDetail } from './span-detail/SpanDetail';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './waterfall/Waterfall';

const fetchDetails = (traceId: string, index: number) => traceStore.details(traceId, index);

/** The span last picked in each trace's waterfall, by index. */
const lastPicked = new WeakMap<TraceColumns, number>();

export function TraceView({ trace }: { trace: LoadedTrace }) {
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
    () => (raw && hasSkew ? extentUs(columns.startUs, columns.durationUs, columns.skewUs) : [0, columns.summary.durationUs]),
    [columns, raw, hasSkew],
  );

  const onSelect = useCallback(
    (index: number | null) => {
      if (index !== null) lastPicked.set(columns, index);
      setParams({ span: index === null ? null : spanKeyAt(columns.spanKeys, index) }, 'replace');
    },
    [columns, setParams],
  );
  const onJump = useCallback((traceId: string, key: string) => setParams({ trace: traceId, span: key }), [setParams]);

  return (
    <div className="trace-view">
      <TraceHeader summary={columns.summary} raw={raw} hasSkew={hasSkew} onToggleRaw={() => setParams({ raw: !raw }, 'replace')} />
      <div className="trace-body">
        <div className="trace-main">
          <ServiceTable stats={columns.serviceStats} traceDurationUs={columns.summary.durationUs} />
          <Waterfall columns={columns} shownStartUs={shownStartUs} domainUs={domainUs} selected={selected} onSelect={onSelect} />
        </div>
        {selected !== null && (
          <SpanDetail
            key={`${selected}`}
            fetchDetails={fetchDetails}
            traceId={columns.summary.traceId}
            version={version}
            index={selected}
            raw={raw}
            onClose={() => onSelect(null)}
            onJump={onJump}
          />
        )}
      </div>
    </div>
  );
}
