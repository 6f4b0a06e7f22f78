// The loaded traces of this page: one small store, read with useSyncExternalStore.
// Imports go through the worker; what was loaded stays loaded when a file fails.
import type { RedactRules } from '../../model/redact';
import { useSyncExternalStore } from 'react';
import type { TraceColumns } from '../../model/columns';
import { ImportClient } from '../../worker/import-client';
import type { StatsGrouping } from '../../analysis/span-stats';
import type { ExportFormat, InputFile, ReplacedTrace, SpanDetails } from '../../worker/trace-session';
import { thousands } from '../../model/numbers';
import { clearFiles, clearViewCrashed, loadFiles, saveFile, viewCrashedBefore } from './file-store';
import { errorText } from '../../model/text';
import { readStoredJson, writeStoredJson } from './stored';
import { shortId } from '../../model/ids';

/** Traces closed one by one: their files are still saved, so a reload must not open them again. */
const CLOSED_KEY = 'skein.closedTraces';
const CLOSED_MAX = 2000;

function readClosed(): string[] {
  const value = readStoredJson(CLOSED_KEY);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(-CLOSED_MAX) : [];
}

function writeClosed(ids: readonly string[]): void {
  writeStoredJson(CLOSED_KEY, ids.slice(-CLOSED_MAX));
}

/** A word on a trace a newer copy replaced, named by its root (ids of 64 bits pad to 32 hex digits of zeros). */
function replacedText(r: ReplacedTrace, trace: TraceColumns | undefined): string {
  const name = trace ? `“${trace.summary.rootName}” (${trace.summary.rootService})` : shortId(r.traceId);
  const added = r.addedSpans ? `, ${thousands(r.addedSpans)} added` : '';
  const count = `${thousands(r.replacedSpans)} span${r.replacedSpans === 1 ? '' : 's'} replaced`;
  return `${r.file} had a newer copy of the open trace ${name}: ${count}${added}.`;
}

export interface LoadedTrace {
  columns: TraceColumns;
  /** Bumped when the trace is rebuilt (a later file added spans to it). */
  version: number;
}

export interface LoadProblem {
  id: number;
  message: string;
  /** An error (a file that could not be read), or a notice (something worth a word, such as a replaced trace). */
  tone: 'error' | 'notice';
  /** The file it is about: a later good import of that name clears it. */
  file?: string;
}

interface ImportOptions {
  /** Keep the files for the next visit. */
  persist: boolean;
  label?: string;
  /** Failures are the caller's to show (the paste dialog shows them itself), not banners. */
  quiet?: boolean;
  /** Saved files opened again on a reload: what was said of them when they were first opened is not said again. */
  restoring?: boolean;
}

/** What an import did: the traces it added or changed, and the files it could not read (with why). */
export interface ImportOutcome {
  added: string[];
  failures: Array<{ file: string; message: string }>;
}

export interface Loading {
  label: string;
  stage: string;
  done: number;
  total: number;
  /** Set while the worker runs an import that can be cancelled. */
  importId: number | null;
}

export interface StoreState {
  traces: LoadedTrace[];
  loading: Loading | null;
  problems: LoadProblem[];
  restored: boolean;
  /** The import worker has started and warmed up, and the page has drawn its sample (until then it is busy). */
  warm: boolean;
  /** A trace of the worker's warm-up, for the page to draw once unseen before it is warm (see WarmRender.tsx). */
  warmSample: TraceColumns | null;
  /** The traces the last import added or changed, newest load first. */
  lastLoaded: string[];
  /** Saved files not reopened because the last view crashed (the start page offers to). */
  heldBack: number;
}

let problemId = 1;

export class TraceStore {
  private state: StoreState = {
    traces: [],
    loading: null,
    problems: [],
    restored: false,
    warm: false,
    warmSample: null,
    lastLoaded: [],
    heldBack: 0,
  };
  private readonly listeners = new Set<() => void>();
  private client: ImportClient | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): StoreState => this.state;

  private set(patch: Partial<StoreState>): void {
    this.state = { ...this.state, ...patch };
    // Tests wait on body[data-idle]; say "busy" at once, before React renders.
    if (this.state.loading) document.body.dataset.idle = 'false';
    for (const listener of this.listeners) listener();
  }

  private worker(): ImportClient {
    this.client ??= new ImportClient();
    return this.client;
  }

  /**
   * Imports files one batch at a time; files of one batch merge by trace id. Failures become error banners, unless
   * `quiet` (the caller shows them itself, as the paste dialog does).
   */
  importFiles(files: InputFile[] | Promise<InputFile[]>, options: ImportOptions): Promise<ImportOutcome> {
    this.pending++;
    this.set({
      loading: this.state.loading ?? {
        label: options.label ?? 'files',
        stage: 'reading',
        done: 0,
        total: 0,
        importId: null,
      },
    });
    const job = this.queue
      .then(async () => this.runImport(await files, options))
      .catch((error: unknown): ImportOutcome => {
        const message = `Could not read the files: ${errorText(error)}`;
        if (!options.quiet) this.report(message);
        return { added: [], failures: [{ file: '', message }] };
      })
      .finally(() => {
        this.pending--;
        if (this.pending === 0) this.set({ loading: null });
      });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /**
   * Starts the worker before the first file arrives, so a drop does not wait for it to load; the store is `warm` once
   * its warm-up is over and the page has drawn the sample it hands over (`warmedUp`), or at once without one.
   */
  warmUp(): void {
    void this.worker().ready.then((sample) => this.set(sample ? { warmSample: sample } : { warm: true }));
  }

  /** The page has drawn the warm-up's sample (or chose not to): the store is warm, the sample is dropped. */
  warmedUp(): void {
    this.set({ warm: true, warmSample: null });
  }

  private async runImport(files: InputFile[], options: ImportOptions): Promise<ImportOutcome> {
    performance.mark('skein:import-start');
    const label = options.label ?? (files.length === 1 ? (files[0]?.name ?? 'file') : `${files.length} files`);
    try {
      const job = this.worker().importFiles(files, (stage, done, total) =>
        this.set({ loading: { label, stage, done, total, importId: job.id } }),
      );
      this.set({ loading: { label, stage: 'reading', done: 0, total: 0, importId: job.id } });
      const report = await job.done;
      performance.mark('skein:import-done', { detail: { files: report.files, timings: report.timings } });
      const byId = new Map(this.state.traces.map((t) => [t.columns.summary.traceId, t]));
      const added: string[] = [];
      for (const columns of report.traces) {
        const previous = byId.get(columns.summary.traceId);
        byId.set(columns.summary.traceId, { columns, version: (previous?.version ?? 0) + 1 });
        added.push(columns.summary.traceId);
      }
      const okNames = new Set(report.files.map((f) => f.name));
      const failures = report.failures
        .filter((f) => !f.cancelled)
        .map((f) => ({ file: f.fileName, message: f.message }));
      // A file read well now clears what was said about it before (a failed paste, then a good one).
      const problems: LoadProblem[] = this.state.problems.filter((p) => p.file === undefined || !okNames.has(p.file));
      if (!options.quiet) {
        for (const f of failures) problems.push({ id: problemId++, message: f.message, tone: 'error', file: f.file });
      }
      for (const r of options.restoring ? [] : report.replaced) {
        problems.push({ id: problemId++, message: replacedText(r, byId.get(r.traceId)?.columns), tone: 'notice' });
      }
      this.set({ traces: [...byId.values()], problems, lastLoaded: added.length ? added : this.state.lastLoaded });
      if (options.persist) {
        const reopened = new Set(added);
        const closed = readClosed();
        if (closed.some((id) => reopened.has(id))) writeClosed(closed.filter((id) => !reopened.has(id)));
        // One batch id for the files of this import: a reload reads them together again, batch by batch.
        const batch = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
        for (const [n, file] of files.entries()) {
          if (!okNames.has(file.name)) continue;
          await saveFile({ id: `${batch}-${n}`, batch, name: file.name, blob: file.blob, addedAt: Date.now() }).catch(
            (error: unknown) => this.report(`${file.name} is open but will not survive a reload: ${errorText(error)}`),
          );
        }
      }
      return { added, failures };
    } catch (error) {
      const message = `Could not open ${label}: ${errorText(error)}`;
      if (!options.quiet) this.report(message);
      return { added: [], failures: [{ file: label, message }] };
    }
  }

  /** Re-opens the files kept from earlier visits, unless the last view crashed (`force`: the person asked to). */
  async restore(force = false): Promise<void> {
    try {
      const stored = await loadFiles();
      const usable = stored.filter((f) => f.blob instanceof Blob);
      if (!force && usable.length && viewCrashedBefore()) {
        this.set({ heldBack: usable.length });
        return;
      }
      clearViewCrashed();
      this.set({ heldBack: 0 });
      // Batch by batch, as they were opened: a newer copy replaces an older one again, as it did then.
      const batches = new Map<string, InputFile[]>();
      for (const f of usable) {
        const key = f.batch ?? f.id;
        const list = batches.get(key) ?? [];
        list.push({ name: f.name, blob: f.blob });
        batches.set(key, list);
      }
      for (const batch of batches.values()) {
        await this.importFiles(batch, { persist: false, label: 'saved traces', restoring: true });
      }
      const closed = new Set(readClosed());
      for (const trace of this.state.traces) {
        if (closed.has(trace.columns.summary.traceId)) await this.close(trace.columns.summary.traceId, false);
      }
    } catch (error) {
      this.report(`Saved traces could not be restored: ${errorText(error)}`);
    } finally {
      this.set({ restored: true });
    }
  }

  /** Stops the running import; rows it had read are dropped, earlier traces stay. */
  cancel(): void {
    const id = this.state.loading?.importId;
    if (id !== null && id !== undefined) void this.worker().cancel(id);
  }

  report(message: string): void {
    this.set({ problems: [...this.state.problems, { id: problemId++, message, tone: 'error' }] });
  }

  /** Dismisses one banner, or all of them (no id). */
  dismiss(id?: number): void {
    this.set({ problems: id === undefined ? [] : this.state.problems.filter((p) => p.id !== id) });
  }

  /**
   * Closes one trace; the others stay. Its file stays saved (it may hold other traces), so the trace is remembered as
   * closed and a reload leaves it closed, until a file that has it is opened again.
   */
  async close(traceId: string, remember = true): Promise<void> {
    await this.worker().close(traceId);
    if (remember) {
      const closed = readClosed().filter((id) => id !== traceId);
      closed.push(traceId);
      writeClosed(closed);
    }
    this.set({
      traces: this.state.traces.filter((t) => t.columns.summary.traceId !== traceId),
      lastLoaded: this.state.lastLoaded.filter((id) => id !== traceId),
    });
  }

  async clearAll(): Promise<void> {
    await this.worker().clear();
    await clearFiles().catch(() => undefined);
    clearViewCrashed();
    writeClosed([]);
    this.set({ traces: [], problems: [], lastLoaded: [], heldBack: 0 });
  }

  /** Forgets the saved files that were held back after a crash; what is open stays open. */
  async forgetHeldBack(): Promise<void> {
    await clearFiles().catch(() => undefined);
    clearViewCrashed();
    this.set({ heldBack: 0 });
  }

  details(traceId: string, index: number): Promise<SpanDetails | null> {
    return this.worker().details(traceId, index);
  }

  criticalPath(traceId: string) {
    return this.worker().criticalPath(traceId);
  }

  stats(traceId: string, grouping: StatsGrouping) {
    return this.worker().stats(traceId, grouping);
  }

  attributeKeys(traceId: string) {
    return this.worker().attributeKeys(traceId);
  }

  /** A loaded trace as the text of a file (OTLP/JSON or Jaeger JSON), redacted by `redaction` or not. */
  exportTrace(traceId: string, format: ExportFormat, redaction: RedactRules | null) {
    return this.worker().exportTrace(traceId, format, redaction);
  }

  query(traceId: string, text: string) {
    return this.worker().query(traceId, text);
  }
}

export const traceStore = new TraceStore();

export function useTraceStore(): StoreState {
  return useSyncExternalStore(traceStore.subscribe, traceStore.getState);
}
