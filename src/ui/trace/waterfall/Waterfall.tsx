import { paletteFor, useTheme } from '../../shared/theme';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TraceColumns } from '../../../model/columns';
import { thousands } from '../../../model/numbers';
import { traceColors } from '../../../model/service-color';
import {
  ancestorsOf,
  filterMask,
  foldGroups,
  foldHiding,
  foldRows,
  hiddenBelow,
  keepRows,
  rowIndexOf,
  rowsInSubtree,
  spansWithChildren,
  visibleRows,
} from '../../../layout/rows';
import { timeScale, timeTicks } from '../../../layout/time-scale';
import { addPainter, invalidate } from '../../shared/frame-loop';
import { ResizeHandle } from '../../shared/ResizeHandle';
import { useStoredWidth } from '../../shared/stored';
import { Minimap } from '../minimap/Minimap';
import { ZoomStore, type Window } from '../zoom-store';
import { DETAIL_ID, ROWS_ID } from '../span-detail/detail-id';
import { BarTooltip, type TooltipHandle } from './BarTooltip';
import { drawAxis, drawBars, fitCanvas, hitBar } from './draw-waterfall';
import { FocusTrail } from './FocusTrail';
import { MinDurationInput } from './MinDurationInput';
import { ScrollMarks } from './ScrollMarks';
import { indentStepPx, ROW_HEIGHT_PX, rowElementId, WaterfallRow } from './WaterfallRow';

/** A copy of `set` with `item` added, or removed when it was there. */
function toggled(set: ReadonlySet<number>, item: number): Set<number> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}
const ROWS_PER_ITEM = 16;
const NAME_FRACTION = 0.36;
const AXIS_HEIGHT_PX = 24;
const MIN_NAME_WIDTH_PX = 180;
const MIN_TIMELINE_PX = 200;
const NO_FOLDS: ReadonlySet<number> = new Set();

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
  /** The zoom window from the URL, and where a new one goes. */
  zoom: Window | null;
  onZoom: (next: Window | null) => void;
  /** The span whose subtree alone is shown, or null. */
  focus: number | null;
  onFocus: (index: number | null) => void;
  /** Spans shorter than this (µs) are hidden, unless something longer is below them. */
  minUs: number;
  onMinUs: (minUs: number) => void;
  /** Repeated siblings fold into one row. */
  fold: boolean;
  onFold: (fold: boolean) => void;
}

/**
 * Rows are DOM (names, toggles, selection; only the visible ones exist);
 * bars, labels, event ticks and the axis are drawn on canvas from the typed
 * columns by the shared frame loop. Scrolling and zooming repaint the
 * canvases without rendering React.
 */
/** Keys that move the selection (and start one when there is none). */
const MOVES = new Set(['ArrowDown', 'ArrowUp', 'j', 'k', 'PageDown', 'PageUp']);
/** Keys that reach the rows when nothing on the page has the focus. */
const ROUTED = new Set([...MOVES, 'Home', 'End', 'ArrowLeft', 'ArrowRight', 'Enter']);

export function Waterfall(props: Props) {
  const {
    columns,
    shownStartUs,
    domainUs,
    selected,
    onSelect,
    matches,
    onlyMatches,
    critical,
    zoom: zoomParam,
    onZoom,
    focus,
    onFocus,
    minUs,
    onMinUs,
    fold,
    onFold,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const barsRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<HTMLCanvasElement>(null);
  const tooltip = useRef<TooltipHandle>(null);
  const [size, setSize] = useState({ widthPx: 1000, heightPx: 600 });
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const [openFolds, setOpenFolds] = useState<ReadonlySet<number>>(NO_FOLDS);

  const folds = useMemo(() => (fold ? foldGroups(columns) : null), [columns, fold]);
  const baseKeep = useMemo(
    () => filterMask(columns, { matches: onlyMatches ? matches : null, minUs, always: null }),
    [columns, onlyMatches, matches, minUs],
  );
  // The selected span stays shown whatever the filters say (a jump to an error among filtered rows).
  const keep = useMemo(
    () =>
      baseKeep && selected !== null && !baseKeep[selected]
        ? filterMask(columns, { matches: onlyMatches ? matches : null, minUs, always: selected })
        : baseKeep,
    [baseKeep, selected, columns, onlyMatches, matches, minUs],
  );
  const hiddenOf = useMemo(() => (keep ? hiddenBelow(columns.subtreeEnd, keep) : null), [columns, keep]);
  const rows = useMemo(() => {
    const focused = focus !== null && focus < columns.count ? focus : null;
    // Above the focused span nothing may hide it: its collapsed ancestors and folded groups do not count.
    let shut = collapsed;
    let open = openFolds;
    if (focused !== null) {
      const end = columns.subtreeEnd[focused] as number;
      shut = new Set(Array.from(collapsed).filter((c) => c >= focused && c < end));
      if (folds) {
        const opened = new Set(openFolds);
        for (let s = focused; s !== -1; s = columns.parent[s] as number)
          if ((folds.groupOf[s] as number) !== -1) opened.add(folds.groupOf[s] as number);
        open = opened;
      }
    }
    let shown = visibleRows(columns.subtreeEnd, shut);
    if (folds) shown = foldRows(shown, columns.subtreeEnd, folds, open);
    if (keep) shown = keepRows(shown, keep);
    if (focused !== null) shown = rowsInSubtree(shown, columns.subtreeEnd, focused);
    return shown;
  }, [columns, collapsed, folds, openFolds, keep, focus]);
  /** The groups drawn folded now: first span → members. */
  const folded = useMemo(() => {
    if (!folds) return null;
    const out = new Map<number, Int32Array>();
    for (const [first, members] of folds.groups) if (!openFolds.has(first)) out.set(first, members);
    return out;
  }, [folds, openFolds]);

  const rowOf = useCallback((span: number) => rowIndexOf(rows, span), [rows]);
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  const zoom = useMemo(() => new ZoomStore(domainUs, null, (next) => onZoomRef.current(next)), [domainUs]);
  const zoomKey = zoomParam ? `${zoomParam[0]},${zoomParam[1]}` : '';
  useLayoutEffect(() => {
    zoom.sync(zoomKey ? (zoomKey.split(',').map(Number) as unknown as Window) : null);
  }, [zoom, zoomKey]);
  const zoomed = useSyncExternalStore(
    useCallback((listener: () => void) => zoom.subscribe(listener), [zoom]),
    () => zoom.isZoomed(),
  );
  const colors = traceColors(columns.services);
  const palette = paletteFor(useTheme().theme);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setSize({ widthPx: element.clientWidth, heightPx: element.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);

  const [chosenNameWidth, setNameWidth] = useStoredWidth('skein-name-width');
  const maxNameWidthPx = Math.max(MIN_NAME_WIDTH_PX, size.widthPx - MIN_TIMELINE_PX);
  const nameWidthPx = Math.round(
    Math.min(
      maxNameWidthPx,
      Math.max(MIN_NAME_WIDTH_PX, chosenNameWidth ?? Math.min(520, Math.max(240, size.widthPx * NAME_FRACTION))),
    ),
  );
  const timelineWidthPx = Math.max(100, size.widthPx - nameWidthPx - 16);
  const focusDepth = focus !== null ? ((columns.depth[focus] as number) ?? 0) : 0;
  const indentPx = indentStepPx(nameWidthPx, columns.summary.depth - 1 - focusDepth);

  // The virtualizer places blocks of rows, not single rows: a collapse or an
  // expand at a million rows then re-measures 62,500 items instead of a million.
  const virtualizer = useVirtualizer({
    count: Math.ceil(rows.length / ROWS_PER_ITEM),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROWS_PER_ITEM * ROW_HEIGHT_PX,
    overscan: 1,
  });

  // What the painters read each frame; refreshed on every render, no render needed to repaint.
  const painted = {
    palette,
    columns,
    rows,
    shownStartUs,
    colors,
    timelineWidthPx,
    heightPx: size.heightPx,
    critical,
    matches,
    folded,
  };
  const paintInput = useRef(painted);
  paintInput.current = painted;

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
        folded: input.folded,
        palette: input.palette,
      });
    };
    const paintAxis = () => {
      const canvas = axisRef.current;
      if (!canvas) return;
      const width = paintInput.current.timelineWidthPx;
      const ctx = fitCanvas(canvas, width, AXIS_HEIGHT_PX);
      if (ctx)
        drawAxis(ctx, timeTicks(timeScale(zoom.get(), width)), width, AXIS_HEIGHT_PX, paintInput.current.palette);
    };
    const removeBars = addPainter(paintBars);
    const removeAxis = addPainter(paintAxis);
    return () => {
      removeBars();
      removeAxis();
    };
  }, [zoom]);

  // Any change of what is drawn repaints on the next frame.
  useEffect(
    () => invalidate(),
    [columns, rows, shownStartUs, colors, timelineWidthPx, size.heightPx, critical, matches, folded, palette],
  );

  const visibleSpans = useCallback(() => {
    const scroller = scrollRef.current;
    const first = Math.floor((scroller?.scrollTop ?? 0) / ROW_HEIGHT_PX);
    const last = Math.min(rows.length - 1, first + Math.ceil((scroller?.clientHeight ?? 0) / ROW_HEIGHT_PX));
    return { firstSpan: rows[Math.max(0, first)] ?? 0, lastSpan: rows[Math.max(0, last)] ?? 0 };
  }, [rows]);

  // A span selected from elsewhere (URL, link, a jump) becomes visible: leave a focus that does not
  // hold it, unfold the group that hides it, expand its ancestors, scroll to it.
  useEffect(() => {
    if (selected === null) return;
    if (focus !== null && (selected < focus || selected >= (columns.subtreeEnd[focus] as number))) {
      onFocus(null);
      return;
    }
    if (folds) {
      const hiding = foldHiding(columns.parent, folds, openFolds, selected);
      if (hiding !== -1) {
        setOpenFolds((open) => new Set(open).add(hiding));
        return;
      }
    }
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
    else if (topPx + ROW_HEIGHT_PX > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = topPx + ROW_HEIGHT_PX - scroller.clientHeight;
  }, [selected, columns, collapsed, rowOf, focus, onFocus, folds, openFolds]);

  const toggle = useCallback((index: number) => setCollapsed((c) => toggled(c, index)), []);
  const toggleFold = useCallback((first: number) => setOpenFolds((open) => toggled(open, first)), []);

  /**
   * One key of the treegrid (WAI-ARIA's tree pattern): true when it did something. Without a selection
   * a moving key starts at the first row in view.
   */
  const handleKey = (key: string): boolean => {
    if (!rows.length) return false;
    const at = (row: number) => onSelect(rows[Math.max(0, Math.min(rows.length - 1, row))] as number);
    const scroller = scrollRef.current;
    const pageRows = Math.max(1, Math.floor((scroller?.clientHeight ?? 0) / ROW_HEIGHT_PX) - 1);
    const row = selected === null ? -1 : rowOf(selected);
    if (key === 'Home') at(0);
    else if (key === 'End') at(rows.length - 1);
    else if (selected === null || row < 0) {
      if (!MOVES.has(key)) return false;
      at(Math.floor((scroller?.scrollTop ?? 0) / ROW_HEIGHT_PX));
    } else {
      const hasChildren = (columns.subtreeEnd[selected] as number) > selected + 1;
      const firstChild = rows[row + 1];
      if (key === 'ArrowDown' || key === 'j') at(row + 1);
      else if (key === 'ArrowUp' || key === 'k') at(row - 1);
      else if (key === 'PageDown') at(row + pageRows);
      else if (key === 'PageUp') at(row - pageRows);
      else if (key === 'ArrowLeft' && hasChildren && !collapsed.has(selected)) toggle(selected);
      else if (key === 'ArrowLeft' && (columns.parent[selected] as number) !== -1)
        onSelect(columns.parent[selected] as number);
      else if (key === 'ArrowRight' && collapsed.has(selected)) toggle(selected);
      else if (key === 'ArrowRight' && firstChild !== undefined && columns.parent[firstChild] === selected) at(row + 1);
      else if (key === 'Enter') document.getElementById(DETAIL_ID)?.focus();
      else if (key === 'f') onFocus(focus === selected ? null : selected);
      else if (key === 'Escape') onSelect(null);
      else return false;
    }
    return true;
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (handleKey(event.key)) event.preventDefault();
  };
  // Arrows work before anything is clicked: a key pressed with nothing focused goes to the rows.
  const handleKeyRef = useRef(handleKey);
  handleKeyRef.current = handleKey;
  useEffect(() => {
    const onWindowKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target !== document.body && event.target !== document.documentElement) return;
      if (!ROUTED.has(event.key) || !handleKeyRef.current(event.key)) return;
      event.preventDefault();
      scrollRef.current?.focus({ preventScroll: true });
    };
    window.addEventListener('keydown', onWindowKey);
    return () => window.removeEventListener('keydown', onWindowKey);
  }, []);

  const onHover = (event: React.MouseEvent) => {
    const scroller = scrollRef.current;
    const handle = tooltip.current;
    if (!scroller || !handle) return;
    const box = scroller.getBoundingClientRect();
    const x = event.clientX - box.left - nameWidthPx - 8;
    const y = event.clientY - box.top + scroller.scrollTop;
    const row = Math.floor(y / ROW_HEIGHT_PX);
    const span = rows[row];
    if (x < 0 || span === undefined) return handle.hide();
    const hit = hitBar({ columns, shownStartUs, scale: timeScale(zoom.get(), timelineWidthPx), folded }, span, x);
    if (hit === null) return handle.hide();
    handle.show(hit, event.clientX, event.clientY);
  };

  const shownText =
    rows.length === columns.count
      ? `${thousands(columns.count)} spans`
      : folded && folded.size
        ? `${thousands(rows.length)} rows · ${thousands(columns.count)} spans`
        : `${thousands(rows.length)} of ${thousands(columns.count)} spans shown`;
  return (
    <section className="waterfall" aria-label="Waterfall">
      {focus !== null && <FocusTrail columns={columns} focus={focus} onFocus={onFocus} />}
      <div className="waterfall-head">
        <div className="waterfall-head-names" style={{ width: nameWidthPx + 8 }}>
          <div className="waterfall-head-line">
            <span
              className="muted"
              data-testid="rows-shown"
              data-rows={rows.length}
              title={folds ? `${folds.groups.size} groups of repeated siblings` : undefined}
            >
              {shownText}
            </span>
            <MinDurationInput minUs={minUs} onChange={onMinUs} />
          </div>
          <div className="waterfall-head-line">
            <button
              type="button"
              className="button small"
              data-testid="expand-all"
              onClick={() => {
                setCollapsed(new Set());
                setOpenFolds(NO_FOLDS);
              }}
              title="Expand every span"
            >
              Expand
            </button>
            <button
              type="button"
              className="button small"
              data-testid="collapse-all"
              onClick={() => setCollapsed(spansWithChildren(columns.subtreeEnd))}
              title="Collapse every span with children"
            >
              Collapse
            </button>
            <button
              type="button"
              className={`button small${fold ? ' pressed' : ''}`}
              aria-pressed={fold}
              data-testid="fold-repeats"
              onClick={() => onFold(!fold)}
              title="Fold repeated siblings (same service and operation under one parent, such as an N+1 query loop) into one ×N row"
            >
              Fold ×N
            </button>
            {zoomed && (
              <button type="button" className="button small" data-testid="reset-zoom" onClick={() => zoom.set(null)}>
                Reset zoom
              </button>
            )}
          </div>
        </div>
        <div className="waterfall-minimap">
          <Minimap
            columns={columns}
            shownStartUs={shownStartUs}
            fullUs={domainUs}
            zoom={zoom}
            widthPx={timelineWidthPx}
            visible={visibleSpans}
            matches={matches}
            critical={critical}
          />
        </div>
      </div>
      <div className="waterfall-axis">
        <div className="waterfall-axis-names" style={{ width: nameWidthPx + 8 }}>
          <span>Service · operation</span>
          <ResizeHandle
            widthPx={nameWidthPx}
            min={MIN_NAME_WIDTH_PX}
            max={maxNameWidthPx}
            onChange={setNameWidth}
            direction={1}
            label="Resize the name column"
            testId="name-column-resize"
          />
        </div>
        <canvas ref={axisRef} data-testid="time-axis" />
      </div>
      <div className="waterfall-body">
        <div
          className="waterfall-scroll"
          data-testid="waterfall-scroll"
          ref={scrollRef}
          id={ROWS_ID}
          role="treegrid"
          aria-label="Spans (press ? for the keys)"
          aria-rowcount={rows.length}
          aria-activedescendant={selected !== null && rowOf(selected) >= 0 ? rowElementId(selected) : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onScroll={() => {
            tooltip.current?.hide();
            invalidate();
          }}
          onMouseMove={onHover}
          onMouseLeave={() => tooltip.current?.hide()}
        >
          <canvas
            ref={barsRef}
            className="bars-canvas"
            style={{ marginLeft: nameWidthPx + 8, marginBottom: -size.heightPx }}
            aria-hidden="true"
          />
          <div role="rowgroup" style={{ height: rows.length * ROW_HEIGHT_PX, position: 'relative' }}>
            {virtualizer.getVirtualItems().flatMap((item) => {
              const from = item.index * ROWS_PER_ITEM;
              return Array.from(rows.subarray(from, Math.min(rows.length, from + ROWS_PER_ITEM)), (index, k) => {
                const group = folded?.get(index) ?? null;
                const openGroup =
                  group === null && folds !== null && openFolds.has(index) ? (folds.groups.get(index) ?? null) : null;
                return (
                  <WaterfallRow
                    key={index}
                    index={index}
                    columns={columns}
                    rowIndex={from + k}
                    nameWidthPx={nameWidthPx}
                    indentPx={indentPx}
                    baseDepth={focusDepth}
                    collapsed={collapsed.has(index)}
                    selected={selected === index}
                    matched={
                      matches !== null &&
                      (matches[index] === 1 || (group !== null && group.some((m) => matches[m] === 1)))
                    }
                    critical={critical !== null && critical[index] === 1}
                    filteredOut={hiddenOf && !collapsed.has(index) && group === null ? hiddenOf(index) : 0}
                    folded={group}
                    unfolded={openGroup}
                    onToggle={toggle}
                    onToggleFold={toggleFold}
                    onSelect={onSelect}
                  />
                );
              });
            })}
          </div>
        </div>
        <ScrollMarks
          rows={rows}
          flags={columns.flags}
          matches={matches}
          critical={critical}
          selected={selected}
          heightPx={size.heightPx}
        />
      </div>
      <BarTooltip ref={tooltip} columns={columns} />
    </section>
  );
}
