// The one place that reads and writes the URL. Every piece of shareable state
// lives here: the page (path), the search page's form, and the trace view
// (trace, span, zoom, query, view, focus, fold, …). Nothing else touches
// `window.history`, so one change cannot overwrite another, and moving to
// another trace drops what belonged to the last one (its span, zoom, focus).
import { useCallback, useSyncExternalStore } from 'react';
import { normalizeTraceId } from '../../model/ids';

export interface ViewParams {
  /** The backend the trace came from, when it was not a file. */
  source: string | null;
  trace: string | null;
  span: string | null;
  /** Show raw timestamps instead of clock-skew-adjusted ones. */
  raw: boolean;
  /** The in-trace query (plain text or TraceQL). */
  query: string | null;
  /** Show only the query's matches and their ancestors. */
  only: boolean;
  /** Which view of the trace: the waterfall, the statistics, or the comparison with another trace. */
  view: TraceViewName;
  /** The trace the open one is compared with (the baseline). */
  compare: string | null;
  /** Statistics grouped by service alone, by service and operation, or by an attribute key. */
  group: string;
  /** Draw the critical path and list its spans. */
  critical: boolean;
  /** The zoom window, µs from the trace start, or null for the whole trace. */
  zoom: readonly [number, number] | null;
  /** The span whose subtree alone is shown ("focus on this span"). */
  focus: string | null;
  /** Hide spans shorter than this many µs (0: show all). */
  minUs: number;
  /** Fold runs of repeated siblings (same service and operation under one parent) into one row. */
  fold: boolean;
}

export type TraceViewName = 'waterfall' | 'statistics' | 'compare';
const VIEWS: readonly TraceViewName[] = ['waterfall', 'statistics', 'compare'];

/** What belongs to one trace: moving to another trace drops it. */
const PER_TRACE: readonly (keyof ViewParams)[] = ['span', 'zoom', 'focus', 'compare'];

const listeners = new Set<() => void>();
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}
function notify(): void {
  for (const listener of listeners) listener();
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

function parseZoom(raw: string | null): readonly [number, number] | null {
  const parts = raw?.split(',').map(Number);
  if (!parts || parts.length !== 2 || !parts.every(Number.isFinite)) return null;
  const [a, b] = parts as [number, number];
  return b > a ? [a, b] : a > b ? [b, a] : null;
}

export function readParams(search: string): ViewParams {
  const params = new URLSearchParams(search);
  const minUs = Number(params.get('min') ?? 0);
  return {
    source: params.get('source'),
    trace: params.get('trace'),
    span: params.get('span'),
    raw: params.get('timing') === 'raw',
    query: params.get('q'),
    only: params.get('only') === '1',
    view: VIEWS.find((v) => v === params.get('view')) ?? 'waterfall',
    compare: params.get('compare'),
    group: params.get('group') || 'operation',
    critical: params.get('critical') === '1',
    zoom: parseZoom(params.get('zoom')),
    focus: params.get('focus'),
    minUs: Number.isFinite(minUs) && minUs > 0 ? minUs : 0,
    fold: params.get('fold') === '1',
  };
}

function writeSearch(params: URLSearchParams, next: ViewParams): void {
  const set = (key: string, value: string | null) =>
    value === null || value === '' ? params.delete(key) : params.set(key, value);
  set('source', next.source);
  set('trace', next.trace);
  set('span', next.span);
  set('timing', next.raw ? 'raw' : null);
  set('q', next.query);
  set('only', next.only ? '1' : null);
  set('view', next.view === 'waterfall' ? null : next.view);
  set('compare', next.compare);
  set('group', next.group === 'operation' ? null : next.group);
  set('critical', next.critical ? '1' : null);
  set('zoom', next.zoom ? `${Math.round(next.zoom[0])},${Math.round(next.zoom[1])}` : null);
  set('focus', next.focus);
  set('min', next.minUs > 0 ? String(next.minUs) : null);
  set('fold', next.fold ? '1' : null);
}

/** A path with its query string (none when the query is empty). */
function withQuery(path: string, query: URLSearchParams | string): string {
  const text = typeof query === 'string' ? query : query.toString();
  return text ? `${path}?${text}` : path;
}

function go(url: string, mode: 'push' | 'replace'): void {
  if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  notify();
}

/** The trace view's state with `patch` applied; a new trace drops the last one's span, zoom and focus. */
export function patchParams(current: ViewParams, patch: Partial<ViewParams>): ViewParams {
  const next = { ...current, ...patch };
  if (patch.trace !== undefined && patch.trace !== current.trace) {
    for (const key of PER_TRACE) if (!(key in patch)) (next as Record<string, unknown>)[key] = null;
  }
  return next;
}

export function writeParams(patch: Partial<ViewParams>, mode: 'push' | 'replace'): void {
  const params = new URLSearchParams(window.location.search);
  writeSearch(params, patchParams(readParams(window.location.search), patch));
  go(`${withQuery(window.location.pathname, params)}${window.location.hash}`, mode);
}

/**
 * Links other viewers write open what they name: `/trace/<id>` (Jaeger UI, Grafana's Jaeger links,
 * with `uiFind` as the in-trace query) and `/traces/<id>` or `/zipkin/traces/<id>` (Zipkin Lens) become
 * Skein's own `/?trace=<id>`, from the files open in this browser or else from this server's store.
 * Run once, before the first render.
 */
export function followViewerLink(): void {
  const match = /^(.*?)\/(?:zipkin\/)?traces?\/([0-9a-fA-F]{1,32})\/?$/.exec(window.location.pathname);
  if (!match) return;
  const params = new URLSearchParams(window.location.search);
  const find = params.get('uiFind');
  params.delete('uiFind');
  params.set('trace', normalizeTraceId(match[2] as string));
  if (!params.has('source')) params.set('source', 'local');
  if (find && !params.has('q')) params.set('q', find);
  go(`${match[1] ?? ''}/?${params.toString()}${window.location.hash}`, 'replace');
}

/**
 * The path the app is served under, with a trailing slash: `/`, or `/skein/` behind a proxy (the server writes it into
 * the page's <base href>).
 */
export function appBase(): string {
  return new URL(document.baseURI).pathname.replace(/[^/]*$/, '');
}

/**
 * Moves to one of the app's pages (`/`, `/search`: paths within the app, under its base path) with a query string, as
 * a new history entry, and tells every listener.
 */
export function navigate(page: string, query: URLSearchParams | string = ''): void {
  go(withQuery(`${appBase()}${page.replace(/^\//, '')}`, query), 'push');
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const cut = current.indexOf('?');
  return {
    path: cut === -1 ? current : current.slice(0, cut),
    query: new URLSearchParams(cut === -1 ? '' : current.slice(cut + 1)),
  };
}

export function useViewParams(): [ViewParams, (patch: Partial<ViewParams>, mode?: 'push' | 'replace') => void] {
  const { query } = useLocation();
  const params = readParams(query.toString());
  const update = useCallback(
    (patch: Partial<ViewParams>, mode: 'push' | 'replace' = 'push') => writeParams(patch, mode),
    [],
  );
  return [params, update];
}

/** The search page's form in the URL (?service=…&lookback=1h…): a search can be reloaded, shared and gone back to. */
export function useSearchParamsState(): [URLSearchParams, (next: Record<string, string>) => void] {
  const { path, query } = useLocation();
  const set = useCallback(
    (next: Record<string, string>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) if (v !== '') params.set(k, v);
      go(withQuery(path, params), 'push');
    },
    [path],
  );
  return [query, set];
}
