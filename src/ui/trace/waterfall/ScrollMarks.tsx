import { useEffect, useMemo, useRef } from 'react';
import { paletteFor, useTheme } from '../../shared/theme';
import { FLAG_ERROR } from '../../../model/columns';
import { rowIndexOf } from '../../../layout/rows';
import { fitCanvas } from './draw-waterfall';

interface Props {
  rows: Int32Array;
  flags: Uint8Array;
  matches: Uint8Array | null;
  critical: Uint8Array | null;
  selected: number | null;
  heightPx: number;
}

export const SCROLL_MARKS_WIDTH_PX = 6;

/**
 * Where the matches, errors and critical-path spans are among all rows, drawn
 * beside the scrollbar as an editor marks search hits: one pass over the rows
 * to one pixel row each, so a million rows cost one loop per change.
 */
export function ScrollMarks({ rows, flags, matches, critical, selected, heightPx }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = paletteFor(useTheme().theme);
  const marks = useMemo(() => {
    const h = Math.max(1, Math.floor(heightPx));
    const kinds = { critical: new Uint8Array(h), error: new Uint8Array(h), match: new Uint8Array(h) };
    const n = rows.length;
    if (n === 0) return kinds;
    for (let r = 0; r < n; r++) {
      const span = rows[r] as number;
      const y = Math.min(h - 1, Math.floor((r / n) * h));
      if (critical?.[span]) kinds.critical[y] = 1;
      if ((flags[span] as number) & FLAG_ERROR) kinds.error[y] = 1;
      if (matches?.[span]) kinds.match[y] = 1;
    }
    return kinds;
  }, [rows, flags, matches, critical, heightPx]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ctx = fitCanvas(el, SCROLL_MARKS_WIDTH_PX, heightPx);
    if (!ctx) return;
    ctx.clearRect(0, 0, SCROLL_MARKS_WIDTH_PX, heightPx);
    const draw = (line: Uint8Array, color: string, x: number, w: number) => {
      ctx.fillStyle = color;
      for (let y = 0; y < line.length; y++) if (line[y]) ctx.fillRect(x, y, w, 2);
    };
    draw(marks.critical, palette.text, 0, 2);
    draw(marks.error, palette.error, 2, 4);
    draw(marks.match, palette.match, 0, SCROLL_MARKS_WIDTH_PX);
    if (selected !== null && rows.length) {
      // Where the selected span is, as a blue line.
      const row = rowIndexOf(rows, selected);
      if (row !== -1) {
        ctx.fillStyle = palette.accent;
        ctx.fillRect(0, Math.floor((row / rows.length) * heightPx), SCROLL_MARKS_WIDTH_PX, 2);
      }
    }
  }, [marks, heightPx, selected, rows, palette]);

  return <canvas ref={canvas} className="scroll-marks" data-testid="scroll-marks" aria-hidden="true" />;
}
