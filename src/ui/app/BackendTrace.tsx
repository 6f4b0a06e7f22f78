import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { NO_SOURCE, sourcesQuery, traceQuery } from '../queries/backend-queries';
import { traceStore } from '../shared/trace-store';
import { ApiError } from '../../api/http';
import { STORE_ID } from './StoreTraces';

/**
 * A trace named in the URL that lives on a backend: fetched once, then opened
 * with the same pipeline as a dropped file.
 */
export function BackendTrace({ sourceId, traceId }: { sourceId: string; traceId: string }) {
  const sources = useQuery(sourcesQuery());
  const source = sources.data?.find((s) => s.id === sourceId);
  const trace = useQuery({ ...traceQuery(source ?? NO_SOURCE, traceId), enabled: Boolean(source) });
  const opened = useRef<Blob | null>(null);
  useEffect(() => {
    if (!trace.data || opened.current === trace.data || !source) return;
    opened.current = trace.data;
    void traceStore.importFiles([{ name: `${source.label} · ${traceId}`, blob: trace.data }], {
      persist: false,
      label: `trace ${traceId.slice(0, 7)}`,
    });
  }, [trace.data, source, traceId]);

  if (sources.isSuccess && !source) {
    return (
      <div className="empty-state">
        <h2>Unknown source “{sourceId}”</h2>
        <p>This server does not offer that backend.</p>
      </div>
    );
  }
  if (trace.isError && trace.error instanceof ApiError && trace.error.status === 404) {
    return (
      <div className="empty-state" data-testid="load-error" role="alert">
        <h2>Trace {traceId} is not here</h2>
        <p>
          It is not in {source?.label ?? 'this server'}’s store, nor among the files open in this browser. If it was
          opened from a file on another computer, drop that file here to see it.
        </p>
        <button type="button" className="button" onClick={() => void trace.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  if (trace.isError) {
    return (
      <div className="empty-state" data-testid="load-error" role="alert">
        <h2>Trace {traceId} could not be loaded</h2>
        <p>{trace.error.message}</p>
        <button type="button" className="button" onClick={() => void trace.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state muted">
      Loading trace {traceId} from {source?.label ?? 'the backend'}…
    </div>
  );
}

/**
 * A trace the URL names (`?trace=`, no source) while nothing is open: a link to a file's trace from another browser,
 * or to a trace of this server's store. The store is asked where there is one; else the start page says why the trace
 * is not shown and how to see it.
 */
export function MissingTrace({ traceId, children }: { traceId: string; children: ReactNode }) {
  const sources = useQuery(sourcesQuery());
  if (sources.isPending) return <div className="empty-state muted">Looking for trace {traceId}…</div>;
  if (sources.data?.some((s) => s.id === STORE_ID)) return <BackendTrace sourceId={STORE_ID} traceId={traceId} />;
  return (
    <div className="missing-trace">
      <div className="held-back" role="status" data-testid="trace-not-here">
        <p>
          Trace <code>{traceId.slice(0, 64)}</code> is not open in this browser. It was opened from a file, perhaps on
          another computer: drop that file here to see it.
        </p>
      </div>
      {children}
    </div>
  );
}
