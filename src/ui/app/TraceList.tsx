import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { formatDurationUs, formatEpochUs } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import { thousands } from '../../model/numbers';
import { shortId } from '../../model/ids';
import type { LoadedTrace } from '../shared/trace-store';
import { SafeText } from '../shared/SafeText';
import { ResizeHandle } from '../shared/ResizeHandle';
import { useStoredFlag, useStoredWidth } from '../shared/stored';
import { useTimeZone } from '../shared/time-zone';

interface Props {
  traces: LoadedTrace[];
  selected: string | null;
  onSelect: (traceId: string) => void;
  /** Close one trace (its × in the list). */
  onClose: (traceId: string) => void;
}

const ITEM_PX = 66;
const DEFAULT_WIDTH_PX = 280;

/**
 * Loaded traces to pick from: root, duration, spans and errors. Only the
 * items in view exist in the DOM (a file can hold 100,000 traces), and the
 * list renders again only when the traces or the selection change, not on
 * every progress message of an import.
 */
export const TraceList = memo(function TraceList({ traces, selected, onSelect, onClose }: Props) {
  const zone = useTimeZone();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: traces.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ITEM_PX,
    overscan: 8,
  });
  const [chosenWidth, setWidth] = useStoredWidth('skein-trace-list-width');
  const [shut, setShut] = useStoredFlag('skein-trace-list-shut');
  const widthPx = chosenWidth ?? DEFAULT_WIDTH_PX;
  const selectedIndex = selected === null ? -1 : traces.findIndex((t) => t.columns.summary.traceId === selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  if (shut) {
    return (
      <nav className="trace-list shut" aria-label="Loaded traces">
        <button
          type="button"
          className="rail-button"
          data-testid="trace-list-open"
          onClick={() => setShut(false)}
          title={`Show the ${thousands(traces.length)} loaded traces`}
        >
          <span aria-hidden="true">»</span>
          <span className="rail-count">{thousands(traces.length)}</span>
        </button>
      </nav>
    );
  }
  return (
    <nav className="trace-list" aria-label="Loaded traces" style={{ width: widthPx }}>
      <div className="trace-list-title">
        <span>{thousands(traces.length)} traces loaded</span>
        <button
          type="button"
          className="rail-button small"
          data-testid="trace-list-shut"
          onClick={() => setShut(true)}
          title="Hide the trace list"
        >
          «
        </button>
      </div>
      <ResizeHandle
        widthPx={widthPx}
        min={180}
        max={560}
        onChange={setWidth}
        direction={1}
        label="Resize the trace list"
        testId="trace-list-resize"
        className="right-edge"
      />
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
                    <SafeText className="service" text={summary.rootService} max={80} />{' '}
                    <SafeText text={summary.rootName} max={120} />
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
                    <code className="trace-list-id" title={summary.traceId}>
                      {shortId(summary.traceId)}
                    </code>
                  </span>
                  <span className="trace-list-time muted">{formatEpochUs(summary.startUs, zone, 's')}</span>
                </button>
                <button
                  type="button"
                  className="trace-list-close"
                  data-testid="trace-list-close"
                  onClick={() => onClose(summary.traceId)}
                  aria-label={`Close trace ${summary.rootService} ${summary.rootName}`.slice(0, 200)}
                  title="Close this trace"
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
});
