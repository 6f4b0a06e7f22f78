import { useCallback, useMemo } from 'react';
import { FLAG_SKEW } from '../../model/columns';
import { extentUs } from '../../layout/time-scale';
import { traceStore, type LoadedTrace } from '../shared/trace-store';
import { useViewParams } from '../shared/url-state';
import { ServiceTable } from './ServiceTable';
import { SpanDetail } from './span-detail/SpanDetail';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './waterfall/Waterfall';

const fetchDetails = (traceId: string, index: number) => traceStore.details(traceId, index);

export function TraceView({ trace }: { trace: LoadedTrace }) {
  const { columns, version } = trace;
  const [params, setParams] = useViewParams();
  const raw = params.raw;
  const hasSkew = useMemo(() => columns.flags.some((f) => (f & FLAG_SKEW) !== 0), [columns]);
  // A linear search (about a millisecond per 300,000 spans) instead of a key → index map built before the first paint.
  const selected = useMemo(() => {
    const found = params.span === null ? -1 : columns.spanKeys.indexOf(params.span);
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
    (index: number | null) => setParams({ span: index === null ? null : (columns.spanKeys[index] ?? null) }, 'replace'),
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
