// A drag handle between two panes. It is a focusable separator: arrow keys
// move it 16 px, a double-click gives the width back to the layout.

interface Props {
  /** The width now, in px. */
  widthPx: number;
  min: number;
  max: number;
  onChange: (next: number | null) => void;
  /** +1 when dragging right widens the pane (a pane on the left), -1 when it narrows it. */
  direction: 1 | -1;
  label: string;
  testId?: string;
  className?: string;
}

export function ResizeHandle({ widthPx, min, max, onChange, direction, label, testId, className }: Props) {
  const clamp = (value: number) => Math.min(max, Math.max(min, value));
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={Math.round(widthPx)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={`${label} (drag; double-click resets)`}
      className={`resize-handle${className ? ` ${className}` : ''}`}
      data-testid={testId}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        const startX = event.clientX;
        const startWidth = widthPx;
        const target = event.currentTarget;
        target.setPointerCapture(event.pointerId);
        const move = (e: PointerEvent) => onChange(clamp(startWidth + direction * (e.clientX - startX)));
        const up = () => {
          target.removeEventListener('pointermove', move);
          target.removeEventListener('pointerup', up);
          target.removeEventListener('pointercancel', up);
        };
        target.addEventListener('pointermove', move);
        target.addEventListener('pointerup', up);
        target.addEventListener('pointercancel', up);
      }}
      onDoubleClick={() => onChange(null)}
      onKeyDown={(event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        const step = (event.key === 'ArrowRight' ? 16 : -16) * direction;
        onChange(clamp(widthPx + step));
      }}
    />
  );
}
