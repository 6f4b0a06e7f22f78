import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { formatDurationUs, formatEpochUs } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import { thousands } from '../../model/numbers';
import type { LoadedTrace } from '../shared/trace-store';
import { SafeText } from '../shared/SafeText';

interface Props {
  traces: LoadedTrace[];
  selected: string | null;
  onSelect: (traceId: string) => void;
}

const ITEM_PX = 66;

/**
 * Loaded traces to pick from: root, duration, spans and errors. Only the
 * items in view exist in the DOM (a file can hold 100,000 traces), and the
 * list renders again only when the traces or the selection change, not on
 * every progress message of an import.
 */
export const TraceList = memo(function TraceList({ traces, selected, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: traces.length, getScrollElement: () => scroller.current, estimateSize: () => ITEM_PX, overscan: 8 });
  const selectedIndex = selected === null ? -1 : traces.findIndex((t) => t.columns.summary.traceId === selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  return (
    <nav className="trace-list" aria-label="Loaded traces">
      <div className="trace-list-title">{thousands(traces.length)} traces loaded</div>
      <div className="trace-list-scroll" ref={scroller}>
        <ul style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const { summary } = (traces[item.index] as LoadedTrace).columns;
            const isSelected = summary.traceId === selected;
            return (
              <li key={summary.traceId} style={{ transform: `translateY(${item.start}px)`, height: ITEM_PX }}>
                <button
                  type="button"
                  data-testid="trace-list-item"
                  data-trace-id={summary.traceId}
                  className={`trace-list-item${isSelected ? ' selected' : ''}`}
                  onClick={() => onSelect(summary.traceId)}
                  aria-current={isSelected ? 'true' : undefined}
                >
                  <span className="trace-list-name">
                    <span className="swatch" style={{ background: serviceColor(summary.rootService) }} />
                    <SafeText className="service" text={summary.rootService} max={80} /> <SafeText text={summary.rootName} max={120} />
                  </span>
                  <span className="trace-list-meta">
                    <span>{formatDurationUs(summary.durationUs)}</span>
                    <span>
                      {thousands(summary.spanCount)} span{summary.spanCount === 1 ? '' : 's'}
                    </span>
                    {summary.errorCount > 0 && (
                      <span className="error-text">
                        {thousands(summary.errorCount)} error{summary.errorCount === 1 ? '' : 's'}
                      </span>
                    )}
                  </span>
                  <span className="trace-list-time muted">{formatEpochUs(summary.startUs).slice(0, 19)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
});
