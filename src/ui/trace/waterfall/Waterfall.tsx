import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TraceColumns } from '../../../model/columns';
import { ancestorsOf, rowIndexOf, spansWithChildren, visibleRows } from '../../../layout/rows';
import { timeScale, timeTicks } from '../../../layout/time-scale';
import { WaterfallRow } from './WaterfallRow';

export const ROW_HEIGHT_PX = 26;
const NAME_FRACTION = 0.36;

interface Props {
  columns: TraceColumns;
  /** Start of each span as shown (adjusted, or raw when the toggle is on). */
  shownStartUs: Float64Array;
  domainUs: [number, number];
  selected: number | null;
  onSelect: (index: number | null) => void;
}

export function Waterfall({ columns, shownStartUs, domainUs, selected, onSelect }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(1000);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const rows = useMemo(() => visibleRows(columns.subtreeEnd, collapsed), [columns, collapsed]);
  // Rows are in depth-first order, so a span's row is found by binary search.
  const rowOf = useCallback((span: number) => rowIndexOf(rows, span), [rows]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidthPx(element.clientWidth));
    observer.observe(element);
    setWidthPx(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const nameWidthPx = Math.round(Math.min(520, Math.max(240, widthPx * NAME_FRACTION)));
  const timelineWidthPx = Math.max(100, widthPx - nameWidthPx - 16);
  const scale = useMemo(() => timeScale(domainUs, timelineWidthPx), [domainUs, timelineWidthPx]);
  const ticks = useMemo(() => timeTicks(scale), [scale]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 16,
  });

  // A span selected from elsewhere (URL, link) becomes visible: expand its ancestors, scroll to it.
  useEffect(() => {
    if (selected === null) return;
    const hidden = ancestorsOf(columns.parent, selected).filter((a) => collapsed.has(a));
    if (hidden.length) {
      setCollapsed((c) => {
        const next = new Set(c);
        for (const a of hidden) next.delete(a);
        return next;
      });
      return;
    }
    const row = rowOf(selected);
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'auto' });
  }, [selected, columns, collapsed, rowOf, virtualizer]);

  const toggle = (index: number) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (selected === null) return;
    const row = rowOf(selected);
    if (event.key === 'ArrowDown' && row + 1 < rows.length) onSelect(rows[row + 1] as number);
    else if (event.key === 'ArrowUp' && row > 0) onSelect(rows[row - 1] as number);
    else if (event.key === 'ArrowLeft' && (columns.subtreeEnd[selected] as number) > selected + 1 && !collapsed.has(selected)) toggle(selected);
    else if (event.key === 'ArrowRight' && collapsed.has(selected)) toggle(selected);
    else if (event.key === 'Escape') onSelect(null);
    else return;
    event.preventDefault();
  };

  return (
    <section className="waterfall" aria-label="Waterfall">
      <div className="waterfall-toolbar">
        <span className="muted">
          {rows.length === columns.count ? `${columns.count} spans` : `${rows.length} of ${columns.count} spans shown`}
        </span>
        <button type="button" className="button small" data-testid="expand-all" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" className="button small" data-testid="collapse-all" onClick={() => setCollapsed(spansWithChildren(columns.subtreeEnd))}>
          Collapse all
        </button>
      </div>
      <div className="waterfall-axis" style={{ paddingLeft: nameWidthPx }}>
        <div className="axis-track" style={{ width: timelineWidthPx }}>
          {ticks.map((t) => (
            <span key={t.timeUs} className={`axis-tick${t.xPx > timelineWidthPx - 40 ? ' end' : ''}`} style={{ left: t.xPx }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="waterfall-scroll" data-testid="waterfall-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          <div className="tick-lines" style={{ left: nameWidthPx, width: timelineWidthPx }} aria-hidden="true">
            {ticks.map((t) => (
              <span key={t.timeUs} style={{ left: t.xPx }} />
            ))}
          </div>
          {virtualizer.getVirtualItems().map((item) => {
            const index = rows[item.index] as number;
            return (
              <WaterfallRow
                key={index}
                index={index}
                columns={columns}
                startUs={shownStartUs[index] as number}
                scale={scale}
                topPx={item.start}
                nameWidthPx={nameWidthPx}
                timelineWidthPx={timelineWidthPx}
                collapsed={collapsed.has(index)}
                selected={selected === index}
                onToggle={toggle}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
