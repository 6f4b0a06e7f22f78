// The search page's state lives in the URL (?service=…&lookback=1h…), so a
// search can be reloaded, shared and gone back to.
import { useCallback, useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener('skein:navigate', listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener('skein:navigate', listener);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** Moves to a path with a query string, as a new history entry, and tells every listener. */
export function navigate(path: string, query: URLSearchParams | string = ''): void {
  const text = typeof query === 'string' ? query : query.toString();
  window.history.pushState(null, '', `${path}${text ? `?${text}` : ''}`);
  window.dispatchEvent(new Event('skein:navigate'));
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const [path = '/', search = ''] = current.split('?');
  return { path, query: new URLSearchParams(search) };
}

export function useSearchParamsState(): [URLSearchParams, (next: Record<string, string>) => void] {
  const { path, query } = useLocation();
  const set = useCallback(
    (next: Record<string, string>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) if (v !== '') params.set(k, v);
      navigate(path, params);
    },
    [path],
  );
  return [query, set];
}
