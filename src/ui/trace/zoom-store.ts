// The zoom window (a time range of the trace, µs from its start) lives outside
// React: the minimap and the waterfall canvases read it every frame. It is
// mirrored into the URL (?zoom=from,to) without a React render, so a reload
// or a shared link keeps it.
import { invalidate } from '../shared/frame-loop';

export type Window = readonly [number, number];

export class ZoomStore {
  private window: Window | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly fullUs: Window) {
    this.window = ZoomStore.fromUrl(fullUs);
  }

  private static fromUrl(full: Window): Window | null {
    const raw = new URLSearchParams(window.location.search).get('zoom');
    const parts = raw?.split(',').map(Number);
    if (!parts || parts.length !== 2 || !parts.every(Number.isFinite)) return null;
    const [a, b] = parts as [number, number];
    const from = Math.max(full[0], Math.min(a, b));
    const to = Math.min(full[1], Math.max(a, b));
    return to - from > 0 ? [from, to] : null;
  }

  /** The shown time range: the zoom window, or the whole trace. */
  get(): Window {
    return this.window ?? this.fullUs;
  }

  isZoomed(): boolean {
    return this.window !== null;
  }

  set(next: Window | null): void {
    if (next && next[1] - next[0] < 1e-3) return;
    this.window = next && (next[0] > this.fullUs[0] || next[1] < this.fullUs[1]) ? next : null;
    const params = new URLSearchParams(window.location.search);
    if (this.window) params.set('zoom', `${Math.round(this.window[0])},${Math.round(this.window[1])}`);
    else params.delete('zoom');
    const query = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
    for (const listener of this.listeners) listener();
    invalidate();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
