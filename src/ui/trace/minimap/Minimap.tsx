import { paletteFor, useTheme } from '../../shared/theme';
import { useEffect, useMemo, useRef } from 'react';
import type { TraceColumns } from '../../../model/columns';
import { minimapDensity } from '../../../layout/minimap';
import { traceColors } from '../../../model/service-color';
import { addPainter, invalidate } from '../../shared/frame-loop';
import { fitCanvas } from '../waterfall/draw-waterfall';
import type { ZoomStore } from '../zoom-store';

export const MINIMAP_HEIGHT_PX = 44;

interface Props {
  columns: TraceColumns;
  shownStartUs: Float64Array;
  fullUs: readonly [number, number];
  zoom: ZoomStore;
  widthPx: number;
  /** The rows the waterfall shows now, for the viewport band. */
  visible: () => { firstSpan: number; lastSpan: number };
  /** The query's matches, marked over the density. */
  matches: Uint8Array | null;
  /** The critical path, marked over the density. */
  critical: Uint8Array | null;
}

const MATCH_RGB = [232, 150, 20] as const;
const CRITICAL_RGB = [28, 35, 48] as const;

/** The spans of `mask` as solid pixels over the minimap (one colour): where the matches or the critical path are. */
function markImage(
  shownStartUs: Float64Array,
  durationUs: Float64Array,
  fullUs: readonly [number, number],
  w: number,
  h: number,
  mask: Uint8Array,
  rgb: readonly [number, number, number],
): HTMLCanvasElement {
  const density = minimapDensity(shownStartUs, durationUs, fullUs, w, h, mask);
  const off = document.createElement('canvas');
  off.width = w;
  off.height = h;
  const ctx = off.getContext('2d');
  if (!ctx) return off;
  const pixels = ctx.createImageData(w, h);
  for (let p = 0; p < density.length; p++) {
    if (density[p] === 0) continue;
    pixels.data[p * 4] = rgb[0];
    pixels.data[p * 4 + 1] = rgb[1];
    pixels.data[p * 4 + 2] = rgb[2];
    pixels.data[p * 4 + 3] = 235;
  }
  ctx.putImageData(pixels, 0, 0);
  return off;
}

/**
 * The whole trace in one strip: span density drawn once per trace into an
 * offscreen canvas; each frame only copies it and draws the zoom window and
 * the scrolled-to band on top. Drag to zoom into a time range, click to move
 * the window, double-click to see everything again.
 */
export function Minimap({ columns, shownStartUs, fullUs, zoom, widthPx, visible, matches, critical }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = paletteFor(useTheme().theme);
  const drag = useRef<{ fromPx: number; toPx: number } | null>(null);

  const image = useMemo(() => {
    const w = Math.max(1, Math.floor(widthPx));
    const h = MINIMAP_HEIGHT_PX;
    const density = minimapDensity(shownStartUs, columns.durationUs, fullUs, w, h);
    let max = 1;
    for (const d of density) if (d > max) max = d;
    const off = document.createElement('canvas');
    off.width = w;
    off.height = h;
    const ctx = off.getContext('2d');
    if (!ctx) return off;
    if (columns.count <= h * 2) {
      // Few spans: draw each as a bar in its service's colour.
      const colors = traceColors(columns.services);
      const rowH = h / Math.max(1, columns.count);
      const pxPerUs = w / Math.max(1e-9, fullUs[1] - fullUs[0]);
      for (let i = 0; i < columns.count; i++) {
        const x0 = ((shownStartUs[i] as number) - fullUs[0]) * pxPerUs;
        ctx.fillStyle = colors[columns.serviceIndex[i] as number] ?? '#888';
        ctx.fillRect(x0, i * rowH, Math.max(1, (columns.durationUs[i] as number) * pxPerUs), Math.max(1, rowH - 1));
      }
      return off;
    }
    const pixels = ctx.createImageData(w, h);
    const scale = Math.log(max + 1);
    for (let p = 0; p < density.length; p++) {
      const d = density[p] as number;
      if (d === 0) continue;
      const a = 0.25 + 0.75 * (Math.log(d + 1) / scale);
      pixels.data[p * 4] = 61;
      pixels.data[p * 4 + 1] = 111;
      pixels.data[p * 4 + 2] = 224;
      pixels.data[p * 4 + 3] = Math.round(a * 255);
    }
    ctx.putImageData(pixels, 0, 0);
    return off;
  }, [columns, shownStartUs, fullUs, widthPx]);

  const marks = useMemo(() => {
    const w = Math.max(1, Math.floor(widthPx));
    const out: HTMLCanvasElement[] = [];
    if (critical)
      out.push(markImage(shownStartUs, columns.durationUs, fullUs, w, MINIMAP_HEIGHT_PX, critical, CRITICAL_RGB));
    if (matches)
      out.push(markImage(shownStartUs, columns.durationUs, fullUs, w, MINIMAP_HEIGHT_PX, matches, MATCH_RGB));
    return out;
  }, [columns, shownStartUs, fullUs, widthPx, matches, critical]);

  useEffect(() => {
    const paint = () => {
      const el = canvas.current;
      if (!el) return;
      const ctx = fitCanvas(el, widthPx, MINIMAP_HEIGHT_PX);
      if (!ctx) return;
      ctx.clearRect(0, 0, widthPx, MINIMAP_HEIGHT_PX);
      ctx.drawImage(image, 0, 0, widthPx, MINIMAP_HEIGHT_PX);
      if (marks.length) {
        // The whole trace fades so the marked spans stand out.
        ctx.fillStyle = palette.shade;
        ctx.fillRect(0, 0, widthPx, MINIMAP_HEIGHT_PX);
        for (const mark of marks) ctx.drawImage(mark, 0, 0, widthPx, MINIMAP_HEIGHT_PX);
      }
      const toPx = (us: number) => ((us - fullUs[0]) / Math.max(1e-9, fullUs[1] - fullUs[0])) * widthPx;
      const [from, to] = zoom.get();
      ctx.fillStyle = palette.windowFill;
      ctx.fillRect(0, 0, toPx(from), MINIMAP_HEIGHT_PX);
      ctx.fillRect(toPx(to), 0, widthPx - toPx(to), MINIMAP_HEIGHT_PX);
      if (zoom.isZoomed()) {
        ctx.strokeStyle = palette.accent;
        ctx.lineWidth = 1;
        ctx.strokeRect(toPx(from) + 0.5, 0.5, toPx(to) - toPx(from) - 1, MINIMAP_HEIGHT_PX - 1);
      }
      const { firstSpan, lastSpan } = visible();
      const y0 = (firstSpan / Math.max(1, columns.count)) * MINIMAP_HEIGHT_PX;
      const y1 = ((lastSpan + 1) / Math.max(1, columns.count)) * MINIMAP_HEIGHT_PX;
      ctx.fillStyle = palette.range;
      ctx.fillRect(0, y0, widthPx, Math.max(2, y1 - y0));
      const d = drag.current;
      if (d) {
        ctx.fillStyle = palette.viewport;
        ctx.fillRect(Math.min(d.fromPx, d.toPx), 0, Math.abs(d.toPx - d.fromPx), MINIMAP_HEIGHT_PX);
      }
    };
    return addPainter(paint);
  }, [image, marks, widthPx, fullUs, zoom, visible, columns.count, palette]);

  const timeAt = (xPx: number) => fullUs[0] + (Math.min(Math.max(xPx, 0), widthPx) / widthPx) * (fullUs[1] - fullUs[0]);
  const localX = (event: React.MouseEvent) => event.clientX - (canvas.current?.getBoundingClientRect().left ?? 0);

  return (
    <canvas
      ref={canvas}
      className="minimap"
      data-testid="minimap"
      title="Drag to zoom into a time range · click to move the window · double-click to show everything"
      onMouseDown={(event) => {
        const x = localX(event);
        drag.current = { fromPx: x, toPx: x };
        const move = (e: MouseEvent) => {
          if (!drag.current) return;
          drag.current = { ...drag.current, toPx: e.clientX - (canvas.current?.getBoundingClientRect().left ?? 0) };
          invalidate();
        };
        const up = () => {
          window.removeEventListener('mousemove', move);
          window.removeEventListener('mouseup', up);
          const d = drag.current;
          drag.current = null;
          if (!d) return;
          if (Math.abs(d.toPx - d.fromPx) > 3)
            zoom.set([timeAt(Math.min(d.fromPx, d.toPx)), timeAt(Math.max(d.fromPx, d.toPx))]);
          else if (zoom.isZoomed()) {
            const [from, to] = zoom.get();
            const half = (to - from) / 2;
            const center = Math.min(Math.max(timeAt(d.fromPx), fullUs[0] + half), fullUs[1] - half);
            zoom.set([center - half, center + half]);
          }
          invalidate();
        };
        window.addEventListener('mousemove', move);
        window.addEventListener('mouseup', up);
      }}
      onDoubleClick={() => zoom.set(null)}
    />
  );
}
