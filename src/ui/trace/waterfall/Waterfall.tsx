import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TraceColumns } from '../../../model/columns';
import { thousands } from '../../../model/numbers';
import { serviceColor } from '../../../model/service-color';
import { ancestorsOf, rowIndexOf, rowsWithMatches, spansWithChildren, visibleRows } from '../../../layout/rows';
import { timeScale, timeTicks } from '../../../layout/time-scale';
import { addPainter, invalidate } from '../../shared/frame-loop';
import { Minimap } from '../minimap/Minimap';
import { ZoomStore } from '../zoom-store';
import { drawAxis, drawBars, fitCanvas } from './draw-waterfall';
import { indentStepPx, WaterfallRow } from './WaterfallRow';

export const ROW_HEIGHT_PX = 26;
const ROWS_PER_ITEM = 16;
const NAME_FRACTION = 0.36;
const AXIS_HEIGHT_PX = 24;

interface Props {
  columns: TraceColumns;
  /** Start of each span as shown (adjusted, or raw when the toggle is on). */
  shownStartUs: Float64Array;
  domainUs: [number, number];
  selected: number | null;
  onSelect: (index: number | null) => void;
  /** Spans the query matched, or null without a query. */
  matches: Uint8Array | null;
  /** Show only the matches and their ancestors. */
  onlyMatches: boolean;
  /** Spans on the critical path, when it is shown. */
  critical: Uint8Array | null;
}

/**
 * Rows are DOM (names, toggles, selection; only the visible ones exist);
 * bars, labels, event ticks and the axis are drawn on canvas from the typed
 * columns by the shared frame loop. Scrolling and zooming repaint the
 * canvases without rendering React.
 */
export function Waterfall({ columns, shownStartUs, domainUs, selected, onSelect, matches, onlyMatches, critical }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const barsRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ widthPx: 1000, heightPx: 600 });
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const rows = useMemo(() => {
    const visible = visibleRows(columns.subtreeEnd, collapsed);
    return onlyMatches && matches ? rowsWithMatches(visible, columns.parent, matches) : visible;
  }, [columns, collapsed, onlyMatches, matches]);
  const rowOf = useCallback((span: number) => rowIndexOf(rows, span), [rows]);
  const zoom = useMemo(() => new ZoomStore(domainUs), [domainUs]);
  const zoomed = useSyncExternalStore(
    useCallback((listener: () => void) => zoom.subscribe(listener), [zoom]),
    () => zoom.isZoomed(),
  );
  const colors = useMemo(() => columns.services.map(serviceColor), [columns]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setSize({ widthPx: element.clientWidth, heightPx: element.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);

  const nameWidthPx = Math.round(Math.min(520, Math.max(240, size.widthPx * NAME_FRACTION)));
  const timelineWidthPx = Math.max(100, size.widthPx - nameWidthPx - 16);
  const indentPx = indentStepPx(nameWidthPx, columns.summary.depth - 1);

  // The virtualizer places blocks of rows, not single rows: a collapse or an
  // expand at a million rows then re-measures 62,500 items instead of a million.
  const virtualizer = useVirtualizer({
    count: Math.ceil(rows.length / ROWS_PER_ITEM),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROWS_PER_ITEM * ROW_HEIGHT_PX,
    overscan: 1,
  });

  // What the painters read each frame; refreshed on every render, no render needed to repaint.
  const paintInput = useRef({ columns, rows, shownStartUs, colors, timelineWidthPx, heightPx: size.heightPx, critical, matches });
  paintInput.current = { columns, rows, shownStartUs, colors, timelineWidthPx, heightPx: size.heightPx, critical, matches };

  useEffect(() => {
    const paintBars = () => {
      const input = paintInput.current;
      const canvas = barsRef.current;
      const scroller = scrollRef.current;
      if (!canvas || !scroller) return;
      const ctx = fitCanvas(canvas, input.timelineWidthPx, input.heightPx);
      if (!ctx) return;
      const scale = timeScale(zoom.get(), input.timelineWidthPx);
      drawBars(ctx, {
        columns: input.columns,
        rows: input.rows,
        shownStartUs: input.shownStartUs,
        scale,
        ticks: timeTicks(scale),
        colors: input.colors,
        scrollTopPx: scroller.scrollTop,
        rowHeightPx: ROW_HEIGHT_PX,
        widthPx: input.timelineWidthPx,
        heightPx: input.heightPx,
        critical: input.critical,
        matches: input.matches,
      });
    };
    const paintAxis = () => {
      const canvas = axisRef.current;
      if (!canvas) return;
      const width = paintInput.current.timelineWidthPx;
      const ctx = fitCanvas(canvas, width, AXIS_HEIGHT_PX);
      if (ctx) drawAxis(ctx, timeTicks(timeScale(zoom.get(), width)), width, AXIS_HEIGHT_PX);
    };
    const removeBars = addPainter(paintBars);
    const removeAxis = addPainter(paintAxis);
    return () => {
      removeBars();
      removeAxis();
    };
  }, [zoom]);

  // Any change of what is drawn repaints on the next frame.
  useEffect(() => invalidate(), [columns, rows, shownStartUs, colors, timelineWidthPx, size.heightPx, critical, matches]);

  const visibleSpans = useCallback(() => {
    const scroller = scrollRef.current;
    const first = Math.floor((scroller?.scrollTop ?? 0) / ROW_HEIGHT_PX);
    const last = Math.min(rows.length - 1, first + Math.ceil((scroller?.clientHeight ?? 0) / ROW_HEIGHT_PX));
    return { firstSpan: rows[Math.max(0, first)] ?? 0, lastSpan: rows[Math.max(0, last)] ?? 0 };
  }, [rows]);

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
    const scroller = scrollRef.current;
    if (row < 0 || !scroller) return;
    const topPx = row * ROW_HEIGHT_PX;
    if (topPx < scroller.scrollTop) scroller.scrollTop = topPx;
    else if (topPx + ROW_HEIGHT_PX > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = topPx + ROW_HEIGHT_PX - scroller.clientHeight;
  }, [selected, columns, collapsed, rowOf]);

  const toggle = useCallback(
    (index: number) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (next.has(index)) next.delete(index);
        else next.add(index);
        return next;
      }),
    [],
  );

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
        <span className="muted" data-testid="rows-shown" data-rows={rows.length}>
          {rows.length === columns.count ? `${thousands(columns.count)} spans` : `${thousands(rows.length)} of ${thousands(columns.count)} spans shown`}
        </span>
        {zoomed && (
          <button type="button" className="button small" data-testid="reset-zoom" onClick={() => zoom.set(null)}>
            Reset zoom
          </button>
        )}
        <button type="button" className="button small" data-testid="expand-all" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" className="button small" data-testid="collapse-all" onClick={() => setCollapsed(spansWithChildren(columns.subtreeEnd))}>
          Collapse all
        </button>
      </div>
      <div className="waterfall-minimap" style={{ paddingLeft: nameWidthPx + 8 }}>
        <Minimap columns={columns} shownStartUs={shownStartUs} fullUs={domainUs} zoom={zoom} widthPx={timelineWidthPx} visible={visibleSpans} />
      </div>
      <div className="waterfall-axis" style={{ paddingLeft: nameWidthPx + 8 }}>
        <canvas ref={axisRef} data-testid="time-axis" />
      </div>
      <div
        className="waterfall-scroll"
        data-testid="waterfall-scroll"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={() => invalidate()}
      >
        <canvas
          ref={barsRef}
          className="bars-canvas"
          style={{ marginLeft: nameWidthPx + 8, marginBottom: -size.heightPx }}
          aria-hidden="true"
        />
        <div style={{ height: rows.length * ROW_HEIGHT_PX, position: 'relative' }}>
          {virtualizer.getVirtualItems().flatMap((item) => {
            const from = item.index * ROWS_PER_ITEM;
            return Array.from(rows.subarray(from, Math.min(rows.length, from + ROWS_PER_ITEM)), (index, k) => (
              <WaterfallRow
                key={index}
                index={index}
                columns={columns}
                topPx={(from + k) * ROW_HEIGHT_PX}
                nameWidthPx={nameWidthPx}
                indentPx={indentPx}
                collapsed={collapsed.has(index)}
                selected={selected === index}
                matched={matches !== null && matches[index] === 1}
                critical={critical !== null && critical[index] === 1}
                onToggle={toggle}
                onSelect={onSelect}
              />
            ));
          })}
        </div>
      </div>
    </section>
  );
}
