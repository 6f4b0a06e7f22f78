// Pure drawing of the waterfall's canvases from the typed columns: the bars of
// the visible rows (with error outlines, duration labels and event ticks) and
// the time axis. The canvas components only size the canvas and call these.
import { FLAG_ERROR, type TraceColumns } from '../../../model/columns';
import { labelColor } from '../../../model/service-color';
import { formatDurationUs } from '../../../model/time';
import type { TimeScale, Tick } from '../../../layout/time-scale';
import type { CanvasPalette } from '../../shared/theme';

export interface BarsInput {
  columns: TraceColumns;
  rows: Int32Array;
  shownStartUs: Float64Array;
  scale: TimeScale;
  ticks: readonly Tick[];
  colors: readonly string[];
  scrollTopPx: number;
  rowHeightPx: number;
  widthPx: number;
  heightPx: number;
  /** Spans on the critical path (1), drawn with a dark band under the bar. */
  critical: Uint8Array | null;
  /** Spans a query matched (1): the others are drawn faint. */
  matches: Uint8Array | null;
  /** Folded sibling groups (first span → members): such a row draws every member's bar. */
  folded: ReadonlyMap<number, Int32Array> | null;
  palette: CanvasPalette;
}

const BAR_TOP_PX = 7;
const BAR_HEIGHT_PX = 12;
const LABEL_FONT = '11px system-ui, "DejaVu Sans", sans-serif';
const MAX_EVENT_TICKS = 64;
const HIT_SLACK_PX = 4;
/** A folded row draws at most this many member bars (the rest are in its total). */
const MAX_FOLD_BARS = 2000;

export function drawBars(ctx: CanvasRenderingContext2D, input: BarsInput): void {
  const {
    columns,
    rows,
    shownStartUs,
    scale,
    ticks,
    colors,
    scrollTopPx,
    rowHeightPx,
    widthPx,
    heightPx,
    critical,
    matches,
    folded,
    palette,
  } = input;
  ctx.clearRect(0, 0, widthPx, heightPx);
  ctx.fillStyle = palette.grid;
  for (const tick of ticks) ctx.fillRect(Math.round(tick.xPx), 0, 1, heightPx);

  const first = Math.max(0, Math.floor(scrollTopPx / rowHeightPx));
  const last = Math.min(rows.length - 1, Math.ceil((scrollTopPx + heightPx) / rowHeightPx));
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  for (let r = first; r <= last; r++) {
    const i = rows[r] as number;
    const top = r * rowHeightPx - scrollTopPx;
    const group = folded?.get(i);
    if (group) {
      drawFoldedRow(ctx, input, group, top);
      continue;
    }
    const start = shownStartUs[i] as number;
    const duration = columns.durationUs[i] as number;
    const x0 = scale(start);
    const x1 = scale(start + duration);
    if (x1 < -200 || x0 > widthPx + 200) continue;
    const width = Math.max(1, x1 - x0);
    ctx.globalAlpha = matches && !matches[i] ? 0.3 : 1;
    ctx.fillStyle = colors[columns.serviceIndex[i] as number] ?? '#888';
    ctx.fillRect(x0, top + BAR_TOP_PX, width, BAR_HEIGHT_PX);
    if (critical?.[i]) {
      ctx.fillStyle = palette.text;
      ctx.fillRect(x0, top + BAR_TOP_PX + BAR_HEIGHT_PX + 1, width, 3);
    }
    if ((columns.flags[i] as number) & FLAG_ERROR) {
      ctx.strokeStyle = palette.error;
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 - 1, top + BAR_TOP_PX - 1, width + 2, BAR_HEIGHT_PX + 2);
    }
    // Event ticks, in the span's own (possibly raw) time.
    const from = columns.eventOffset[i] as number;
    const to = Math.min(columns.eventOffset[i + 1] as number, from + MAX_EVENT_TICKS);
    if (to > from) {
      const shift = start - (columns.startUs[i] as number);
      ctx.fillStyle = palette.tick;
      for (let e = from; e < to; e++)
        ctx.fillRect(
          Math.round(scale((columns.eventTimeUs[e] as number) + shift)),
          top + BAR_TOP_PX - 2,
          1,
          BAR_HEIGHT_PX + 4,
        );
    }
    const label = formatDurationUs(duration);
    const labelWidth = ctx.measureText(label).width;
    const mid = top + BAR_TOP_PX + BAR_HEIGHT_PX / 2;
    if (width > labelWidth + 8) {
      ctx.fillStyle = labelColor(colors[columns.serviceIndex[i] as number] ?? '#888');
      ctx.fillText(label, Math.max(x0, 0) + 4, mid);
    } else if (x1 + labelWidth + 6 < widthPx) {
      ctx.fillStyle = palette.muted;
      ctx.fillText(label, x1 + 4, mid);
    } else {
      ctx.fillStyle = palette.muted;
      ctx.fillText(label, x0 - labelWidth - 4, mid);
    }
  }
  ctx.globalAlpha = 1;
}

/** A folded group's row: each member's bar (thin ticks where they are narrow) and "×N · total" beside them. */
function drawFoldedRow(ctx: CanvasRenderingContext2D, input: BarsInput, group: Int32Array, top: number): void {
  const { columns, shownStartUs, scale, colors, widthPx, matches, palette } = input;
  let minX = Infinity;
  let maxX = -Infinity;
  let totalUs = 0;
  for (let k = 0; k < group.length; k++) {
    const m = group[k] as number;
    const start = shownStartUs[m] as number;
    const duration = columns.durationUs[m] as number;
    totalUs += duration;
    const x0 = scale(start);
    const x1 = scale(start + duration);
    minX = Math.min(minX, x0);
    maxX = Math.max(maxX, x1);
    if (k >= MAX_FOLD_BARS || x1 < -200 || x0 > widthPx + 200) continue;
    ctx.globalAlpha = matches && !matches[m] ? 0.3 : 1;
    ctx.fillStyle = colors[columns.serviceIndex[m] as number] ?? '#888';
    ctx.fillRect(x0, top + BAR_TOP_PX, Math.max(1, x1 - x0), BAR_HEIGHT_PX);
    if ((columns.flags[m] as number) & FLAG_ERROR) {
      ctx.fillStyle = palette.error;
      ctx.fillRect(x0, top + BAR_TOP_PX + BAR_HEIGHT_PX + 1, Math.max(2, x1 - x0), 2);
    }
  }
  ctx.globalAlpha = 1;
  // The span of the whole group, as a thin line under the bars.
  ctx.fillStyle = palette.foldLine;
  ctx.fillRect(minX, top + BAR_TOP_PX + BAR_HEIGHT_PX / 2, Math.max(1, maxX - minX), 1);
  const label = `×${group.length} · ${formatDurationUs(totalUs)}`;
  const labelWidth = ctx.measureText(label).width;
  ctx.fillStyle = palette.muted;
  const mid = top + BAR_TOP_PX + BAR_HEIGHT_PX / 2;
  ctx.fillText(label, maxX + labelWidth + 6 < widthPx ? maxX + 4 : Math.max(0, minX - labelWidth - 4), mid);
}

/**
 * What a pointer at `xPx` in the row of `span` points at: the span (or, on a folded row, the member) whose bar is
 * there.
 */
export function hitBar(
  input: {
    columns: TraceColumns;
    shownStartUs: Float64Array;
    scale: TimeScale;
    folded: ReadonlyMap<number, Int32Array> | null;
  },
  span: number,
  xPx: number,
): { span: number; group: Int32Array | null } | null {
  const { columns, shownStartUs, scale, folded } = input;
  const near = (m: number) => {
    const start = shownStartUs[m] as number;
    const x0 = scale(start);
    const x1 = Math.max(x0 + 1, scale(start + (columns.durationUs[m] as number)));
    return xPx >= x0 - HIT_SLACK_PX && xPx <= x1 + HIT_SLACK_PX ? Math.max(0, x0 - xPx, xPx - x1) : -1;
  };
  const group = folded?.get(span) ?? null;
  if (!group) return near(span) >= 0 ? { span, group: null } : null;
  let best = -1;
  let bestGap = Infinity;
  for (const m of group) {
    const gap = near(m);
    if (gap >= 0 && gap < bestGap) {
      best = m;
      bestGap = gap;
    }
  }
  return best === -1 ? null : { span: best, group };
}

export function drawAxis(
  ctx: CanvasRenderingContext2D,
  ticks: readonly Tick[],
  widthPx: number,
  heightPx: number,
  palette: CanvasPalette,
): void {
  ctx.clearRect(0, 0, widthPx, heightPx);
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.muted;
  for (const tick of ticks) {
    const w = ctx.measureText(tick.label).width;
    const x = Math.min(Math.max(tick.xPx - w / 2, 0), widthPx - w);
    ctx.fillText(tick.label, x, heightPx / 2);
    ctx.fillRect(Math.round(tick.xPx), heightPx - 4, 1, 4);
  }
}

/** Sizes a canvas for the device pixel ratio; returns its 2D context scaled to CSS pixels. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  widthPx: number,
  heightPx: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(widthPx * ratio));
  const h = Math.max(1, Math.round(heightPx * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${widthPx}px`;
    canvas.style.height = `${heightPx}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
