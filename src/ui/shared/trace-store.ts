// The loaded traces of this page: one small store, read with useSyncExternalStore.
// Imports go through the worker; what was loaded stays loaded when a file fails.
import { useSyncExternalStore } from 'react';
import type { TraceColumns } from '../../model/columns';
import { ImportClient } from '../../worker/import-client';
import type { StatsGrouping } from '../../analysis/span-stats';
import type { ExportFormat, InputFile, SpanDetails } from '../../worker/trace-session';
import { clearFiles, clearViewCrashed, loadFiles, saveFile, viewCrashedBefore } from './file-store';
import { errorText } from '../../model/text';

export interface LoadedTrace {
  columns: TraceColumns;
  /** Bumped when the trace is rebuilt (a later file added spans to it). */
  version: number;
}

export interface LoadProblem {
  id: number;
  message: string;
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
  /** The import worker has started and warmed up (until then it is busy). */
  warm: boolean;
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

  /** Imports files one batch at a time; files of one batch merge by trace id. */
  importFiles(
    files: InputFile[] | Promise<InputFile[]>,
    options: { persist: boolean; label?: string },
  ): Promise<string[]> {
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
      .catch((error: unknown) => {
        this.report(`Could not read the files: ${errorText(error)}`);
        return [] as string[];
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
   * its warm-up is over.
   */
  warmUp(): void {
    void this.worker().ready.then(() => this.set({ warm: true }));
  }

  private async runImport(files: InputFile[], options: { persist: boolean; label?: string }): Promise<string[]> {
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
      const problems = [
        ...this.state.problems,
        ...report.failures.filter((f) => !f.cancelled).map((f) => ({ id: problemId++, message: f.message })),
      ];
      this.set({ traces: [...byId.values()], problems, lastLoaded: added.length ? added : this.state.lastLoaded });
      if (options.persist) {
        const okNames = new Set(report.files.map((f) => f.name));
        for (const file of files) {
          if (!okNames.has(file.name)) continue;
          await saveFile({
            id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
            name: file.name,
            blob: file.blob,
            addedAt: Date.now(),
          }).catch((error: unknown) =>
            this.report(`${file.name} is open but will not survive a reload: ${errorText(error)}`),
          );
        }
      }
      return added;
    } catch (error) {
      this.report(`Could not open ${label}: ${errorText(error)}`);
      return [];
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
      if (usable.length)
        await this.importFiles(
          usable.map((f) => ({ name: f.name, blob: f.blob })),
          { persist: false, label: 'saved traces' },
        );
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
    this.set({ problems: [...this.state.problems, { id: problemId++, message }] });
  }

  dismiss(id: number): void {
    this.set({ problems: this.state.problems.filter((p) => p.id !== id) });
  }

  async clearAll(): Promise<void> {
    await this.worker().clear();
    await clearFiles().catch(() => undefined);
    clearViewCrashed();
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

  /** A loaded trace as the text of a file (OTLP/JSON or Jaeger JSON), redacted or not. */
  exportTrace(traceId: string, format: ExportFormat, redacted: boolean) {
    return this.worker().exportTrace(traceId, format, redacted);
  }

  query(traceId: string, text: string) {
    return this.worker().query(traceId, text);
  }
}

export const traceStore = new TraceStore();

export function useTraceStore(): StoreState {
  return useSyncExternalStore(traceStore.subscribe, traceStore.getState);
}
