// The zoom window (a time range of the trace, µs from its start) lives outside
// React: the minimap and the waterfall canvases read it every frame. Its home
// is the URL (?zoom=from,to, written through the location module); the store
// takes each change from there and asks for a repaint.
import { invalidate } from '../shared/frame-loop';

export type Window = readonly [number, number];

export class ZoomStore {
  private window: Window | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fullUs: Window,
    initial: Window | null,
    private readonly write: (next: Window | null) => void,
  ) {
    this.window = this.clamp(initial);
  }

  private clamp(next: Window | null): Window | null {
    if (!next) return null;
    const from = Math.max(this.fullUs[0], Math.min(next[0], next[1]));
    const to = Math.min(this.fullUs[1], Math.max(next[0], next[1]));
    if (to - from < 1e-3) return null;
    return from > this.fullUs[0] || to < this.fullUs[1] ? [from, to] : null;
  }

  /** The shown time range: the zoom window, or the whole trace. */
  get(): Window {
    return this.window ?? this.fullUs;
  }

  isZoomed(): boolean {
    return this.window !== null;
  }

  /** A user's zoom: kept here at once (the next frame draws it) and written to the URL. */
  set(next: Window | null): void {
    if (next && Math.abs(next[1] - next[0]) < 1e-3) return;
    this.take(this.clamp(next));
    this.write(this.window);
  }

  /** The URL changed (back, forward, a link): take its window without writing it again. */
  sync(next: Window | null): void {
    const clamped = this.clamp(next);
    const same =
      clamped === this.window ||
      (clamped !== null &&
        this.window !== null &&
        Math.round(clamped[0]) === Math.round(this.window[0]) &&
        Math.round(clamped[1]) === Math.round(this.window[1]));
    if (!same) this.take(clamped);
  }

  private take(next: Window | null): void {
    this.window = next;
    for (const listener of this.listeners) listener();
    invalidate();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
