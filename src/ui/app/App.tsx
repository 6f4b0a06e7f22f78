import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { sampleQuery, SAMPLE_FILE } from '../queries/sample-query';
import { TraceView } from '../trace/TraceView';
import { DropOverlay } from './DropOverlay';
import { PasteDialog } from './PasteDialog';
import { ProblemBanner } from './ProblemBanner';
import { TopBar } from './TopBar';
import { TraceList } from './TraceList';
import { traceStore, useTraceStore } from '../shared/trace-store';
import { useLocation, useViewParams } from '../shared/location';
import { Welcome } from './Welcome';
import { BackendTrace } from './BackendTrace';
import { SearchPage } from '../search/SearchPage';
import { columnsText } from '../../model/columns-text';
import type { InputFile } from '../../worker/trace-session';
import { errorText } from '../../model/text';

function asInputs(files: FileList | File[]): InputFile[] {
  return [...files].map((file) => ({ name: file.name, blob: file }));
}

export function App() {
  const state = useTraceStore();
  const [params, setParams] = useViewParams();
  const { path } = useLocation();
  const searching = path.endsWith('/search');
  const [pasteOpen, setPasteOpen] = useState(false);
  const queryClient = useQueryClient();
  const fetching = useIsFetching();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    traceStore.warmUp();
    void traceStore.restore();
  }, []);

  const idle = state.restored && state.warm && state.loading === null && fetching === 0;
  useEffect(() => {
    document.body.dataset.idle = idle ? 'true' : 'false';
  }, [idle]);

  const open = useCallback(
    async (files: InputFile[] | Promise<InputFile[]>, persist = true) => {
      const added = await traceStore.importFiles(files, { persist });
      if (added[0]) setParams({ trace: added[0], span: null });
    },
    [setParams],
  );

  const selectTrace = useCallback((traceId: string) => setParams({ trace: traceId, span: null }), [setParams]);
  const openFiles = useCallback((files: FileList | File[]) => open(asInputs(files)), [open]);
  const openText = useCallback(
    (text: string) => open([{ name: 'pasted text', blob: new Blob([text], { type: 'application/json' }) }]),
    [open],
  );
  const openSample = useCallback(async () => {
    try {
      const blob = await queryClient.fetchQuery(sampleQuery());
      await open([{ name: SAMPLE_FILE, blob }]);
    } catch (error) {
      traceStore.report(`The sample could not be opened: ${errorText(error)}`);
    }
  }, [open, queryClient]);

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, [contenteditable]') || pasteOpen)) return;
      const text = event.clipboardData?.getData('text') ?? '';
      if (text.trim()) {
        event.preventDefault();
        void openText(text);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [openText, pasteOpen]);

  const current = state.traces.find((t) => t.columns.summary.traceId === params.trace) ?? null;
  const fallback =
    state.traces.find((t) => t.columns.summary.traceId === state.lastLoaded[0]) ?? state.traces[0] ?? null;
  const shown = current ?? (params.trace === null ? fallback : null);

  // A small debug hook, like Perfetto's: the open trace's columns as text.
  useEffect(() => {
    (window as unknown as { skeinDebug: object }).skeinDebug = {
      dump: () => (shown ? columnsText(shown.columns) : ''),
    };
  }, [shown]);

  return (
    <DropOverlay onFiles={openFiles}>
      <div className="app">
        <TopBar
          loading={state.loading}
          hasTraces={state.traces.length > 0}
          onFiles={openFiles}
          onPaste={() => setPasteOpen(true)}
          onSample={openSample}
          searching={searching}
          onCancel={() => traceStore.cancel()}
          onClear={() => {
            void traceStore.clearAll();
            setParams({ trace: null, span: null });
          }}
        />
        <ProblemBanner problems={state.problems} onDismiss={(id) => traceStore.dismiss(id)} />
        <main className="workspace">
          {searching ? (
            <SearchPage />
          ) : !shown && params.source && params.trace ? (
            <BackendTrace sourceId={params.source} traceId={params.trace} />
          ) : state.traces.length === 0 ? (
            <Welcome
              restored={state.restored}
              heldBack={state.heldBack}
              onReopen={() => void traceStore.restore(true)}
              onForget={() => void traceStore.forgetHeldBack()}
              onFiles={openFiles}
              onPaste={() => setPasteOpen(true)}
              onSample={openSample}
            />
          ) : (
            <>
              {state.traces.length > 1 && (
                <TraceList
                  traces={state.traces}
                  selected={shown?.columns.summary.traceId ?? null}
                  onSelect={selectTrace}
                />
              )}
              {shown ? (
                <TraceView key={shown.columns.summary.traceId} trace={shown} />
              ) : (
                <div className="empty-state">
                  <h2>Trace {params.trace} is not loaded</h2>
                  <p>
                    It may have been cleared, or the link came from another browser. Pick a loaded trace, or open its
                    file.
                  </p>
                  <button type="button" className="button" onClick={() => setParams({ trace: null, span: null })}>
                    Show the loaded traces
                  </button>
                </div>
              )}
            </>
          )}
        </main>
        {pasteOpen && (
          <PasteDialog
            onClose={() => setPasteOpen(false)}
            onSubmit={(text) => {
              setPasteOpen(false);
              void openText(text);
            }}
          />
        )}
      </div>
    </DropOverlay>
  );
}
