import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { inField } from '../shared/typing';
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
import { WarmRender } from './WarmRender';
import { BackendTrace, MissingTrace } from './BackendTrace';
import { SearchPage } from '../search/SearchPage';
import { columnsText } from '../../model/columns-text';
import type { InputFile } from '../../worker/trace-session';
import { errorText } from '../../model/text';

/** The name a pasted text goes by, in messages and the list of files. */
const PASTED = 'pasted text';

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
  const warmedUp = useCallback(() => traceStore.warmedUp(), []);
  useEffect(() => {
    document.body.dataset.idle = idle ? 'true' : 'false';
  }, [idle]);

  const open = useCallback(
    async (files: InputFile[] | Promise<InputFile[]>, options: { quiet?: boolean } = {}) => {
      const outcome = await traceStore.importFiles(files, { persist: true, quiet: options.quiet });
      if (outcome.added[0]) setParams({ trace: outcome.added[0], span: null });
      return outcome;
    },
    [setParams],
  );

  const selectTrace = useCallback((traceId: string) => setParams({ trace: traceId, span: null }), [setParams]);
  const openFiles = useCallback((files: FileList | File[]) => open(asInputs(files)), [open]);
  const openText = useCallback(
    (text: string, quiet = false) =>
      open([{ name: PASTED, blob: new Blob([text], { type: 'application/json' }) }], { quiet }),
    [open],
  );
  /** The paste dialog's Open: it closes when the text opened, and keeps the text with the error when it did not. */
  const submitPaste = useCallback(
    async (text: string): Promise<string | null> => {
      const outcome = await openText(text, true);
      if (outcome.failures.length === 0) {
        setPasteOpen(false);
        return null;
      }
      return outcome.failures.map((f) => f.message).join('\n');
    },
    [openText],
  );
  const closeTrace = useCallback(
    (traceId: string) => {
      const list = traceStore.getState().traces;
      const at = list.findIndex((t) => t.columns.summary.traceId === traceId);
      const next = list[at + 1] ?? list[at - 1];
      void traceStore.close(traceId);
      setParams({ trace: next ? next.columns.summary.traceId : null, span: null });
    },
    [setParams],
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
      if (pasteOpen || inField(event.target)) return;
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

  const welcome = (
    <Welcome
      restored={state.restored}
      heldBack={state.heldBack}
      onReopen={() => void traceStore.restore(true)}
      onForget={() => void traceStore.forgetHeldBack()}
      onFiles={openFiles}
      onPaste={() => setPasteOpen(true)}
      onSample={openSample}
    />
  );

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
            params.trace && state.restored && !state.loading ? (
              <MissingTrace traceId={params.trace}>{welcome}</MissingTrace>
            ) : (
              welcome
            )
          ) : (
            <>
              {state.traces.length > 1 && (
                <TraceList
                  traces={state.traces}
                  selected={shown?.columns.summary.traceId ?? null}
                  onSelect={selectTrace}
                  onClose={closeTrace}
                />
              )}
              {shown ? (
                <TraceView key={shown.columns.summary.traceId} trace={shown} onClose={closeTrace} />
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
        {state.warmSample && (
          <WarmRender
            columns={state.warmSample}
            skip={
              state.traces.length > 0 ||
              state.loading !== null ||
              params.trace !== null ||
              params.query !== null ||
              params.critical ||
              params.view !== 'waterfall'
            }
            onDone={warmedUp}
          />
        )}
        {pasteOpen && <PasteDialog onClose={() => setPasteOpen(false)} onSubmit={submitPaste} />}
      </div>
    </DropOverlay>
  );
}
