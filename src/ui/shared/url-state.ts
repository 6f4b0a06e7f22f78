// Shareable view state lives in the URL: the open trace, the selected span,
// the timing mode. A reload or a pasted link shows the same view.
import { useCallback, useSyncExternalStore } from 'react';

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
  /** Which view of the trace: the waterfall, or the statistics. */
  view: 'waterfall' | 'statistics';
  /** Statistics grouped by service alone, or by service and operation. */
  group: 'service' | 'operation';
  /** Draw the critical path and list its spans. */
  critical: boolean;
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  window.addEventListener('skein:navigate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener('skein:navigate', listener);
  };
}

const getSearch = () => window.location.search;

export function readParams(search: string): ViewParams {
  const params = new URLSearchParams(search);
  return {
    source: params.get('source'),
    trace: params.get('trace'),
    span: params.get('span'),
    raw: params.get('timing') === 'raw',
    query: params.get('q'),
    only: params.get('only') === '1',
    view: params.get('view') === 'statistics' ? 'statistics' : 'waterfall',
    group: params.get('group') === 'service' ? 'service' : 'operation',
    critical: params.get('critical') === '1',
  };
}

export function writeParams(next: ViewParams, mode: 'push' | 'replace'): void {
  const params = new URLSearchParams(window.location.search);
  const set = (key: string, value: string | null) => (value === null || value === '' ? params.delete(key) : params.set(key, value));
  set('source', next.source);
  set('trace', next.trace);
  set('span', next.span);
  set('timing', next.raw ? 'raw' : null);
  set('q', next.query);
  set('only', next.only ? '1' : null);
  set('view', next.view === 'statistics' ? 'statistics' : null);
  set('group', next.group === 'service' ? 'service' : null);
  set('critical', next.critical ? '1' : null);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  for (const listener of listeners) listener();
}

export function useViewParams(): [ViewParams, (patch: Partial<ViewParams>, mode?: 'push' | 'replace') => void] {
  const search = useSyncExternalStore(subscribe, getSearch);
  const params = readParams(search);
  const update = useCallback((patch: Partial<ViewParams>, mode: 'push' | 'replace' = 'push') => {
    writeParams({ ...readParams(window.location.search), ...patch }, mode);
  }, []);
  return [params, update];
}
