// `npm run bench`: opens generated traces of several sizes in the built app,
// in Debian's Chromium, through the real UI (a file dropped on the window),
// and prints one table row per size: the median of a few runs (each in a
// fresh browser), with the spread of all runs below the table, and a second
// table of the analyses a person asks of the trace (critical path,
// statistics, queries), timed from the click or Enter to the painted answer.
// The floor for import is the median of three JSON.parse runs of the same
// text in the same page (the first parse of a page is the slowest, and a ratio
// against it flatters). Figures only; nothing here is a test.
//
//   npm run bench                       # 1k, 10k, 100k, 1M spans, OTLP, 3 runs each
//   npm run bench -- --sizes 1000,100000 --format jaeger --runs 5
//   npm run bench -- --sizes 100000 --format all   # OTLP, Jaeger, Zipkin, then OTLP protobuf
// Protobuf has no JSON.parse floor: its row gives the time per MB of the file instead.
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../server/app';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';
import { encodeOtlpJson } from '../src/formats/otlp/otlp-proto';
import { generateTrace, writeTrace, type GenFormat } from './gen-trace';

const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000,1000000' },
    format: { type: 'string', default: 'otlp' },
    seed: { type: 'string', default: '7' },
    build: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
});
const runs = Math.max(1, Math.floor(Number(values.runs)) || 1);
type BenchFormat = GenFormat | 'protobuf';
const FORMATS: BenchFormat[] = ['otlp', 'jaeger', 'zipkin', 'protobuf'];
const formats = values.format === 'all' ? FORMATS : [values.format as BenchFormat];
const sizes = values.sizes.split(',').map(Number);

async function ensureFile(spans: number, format: BenchFormat): Promise<string> {
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `gen-${format}-${spans}-seed${values.seed}.${format === 'protobuf' ? 'pb' : 'json'}`);
  if (existsSync(path)) return path;
  if (format === 'protobuf') {
    // The OTLP/JSON file of the same trace, written as an SDK's protobuf export.
    const json = readFileSync(await ensureFile(spans, 'otlp'), 'utf8');
    writeFileSync(path, encodeOtlpJson(JSON.parse(json)));
    return path;
  }
  process.stderr.write(`generating ${spans.toLocaleString('en-US')} spans (${format})…\n`);
  const out = createWriteStream(path);
  for (const chunk of writeTrace(generateTrace({ seed: Number(values.seed), spans, services: 24 }), format)) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

/**
 * Dedicated workers of the page, nested ones included (the import worker
 * starts a helper), each reached through the chain of CDP sessions that
 * leads to it: messages to a nested worker go wrapped in its parent's.
 */
class Workers {
  readonly paths: string[][] = [];
  private nextId = 1000;

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') this.attached([event.sessionId]);
    });
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      for (const path of [...this.paths]) {
        if (path[0] !== event.sessionId) continue;
        const inner = this.unwrap(path, JSON.parse(event.message) as Message);
        if (inner?.method === 'Target.attachedToTarget') {
          const params = inner.params as { sessionId: string; targetInfo: { type: string } };
          if (params.targetInfo.type === 'worker') this.attached([...path, params.sessionId]);
        }
      }
    });
  }

  private attached(path: string[]): void {
    if (this.paths.some((p) => p.join() === path.join())) return;
    this.paths.push(path);
    void this.send(path, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  }

  /** A message from path[0], unwrapped down to the last session of `path` (undefined when it is from elsewhere). */
  private unwrap(path: string[], message: Message): Message | undefined {
    let m: Message = message;
    for (let k = 1; k < path.length; k++) {
      const params = m.params as { sessionId?: string; message?: string } | undefined;
      const inner = params && params.sessionId === path[k] ? params.message : undefined;
      if (m.method !== 'Target.receivedMessageFromTarget' || inner === undefined) return undefined;
      m = JSON.parse(inner) as Message;
    }
    return m;
  }

  send(path: string[], method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    let message = JSON.stringify({ id, method, params });
    for (let k = path.length - 1; k >= 1; k--) {
      message = JSON.stringify({
        id: this.nextId++,
        method: 'Target.sendMessageToTarget',
        params: { sessionId: path[k], message },
      });
    }
    return new Promise((resolveReply) => {
      const onMessage = (event: { sessionId: string; message: string }) => {
        if (event.sessionId !== path[0]) return;
        const reply = this.unwrap(path, JSON.parse(event.message) as Message);
        if (reply?.id === id) {
          this.cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolveReply(reply.result);
        }
      };
      this.cdp.on('Target.receivedMessageFromTarget', onMessage);
      void this.cdp.send('Target.sendMessageToTarget', { sessionId: path[0] as string, message });
    });
  }
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/**
 * Memory in use of the page and of its dedicated workers after a full GC, via
 * CDP: the V8 heap plus ArrayBuffer backing stores (where the columns live).
 */
async function heapMb(cdp: CDPSession, workers: Workers): Promise<{ page: number; worker: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  type Usage = { usedSize: number; backingStorageSize?: number };
  const inUse = (u: Usage) => u.usedSize + (u.backingStorageSize ?? 0);
  const page = inUse((await cdp.send('Runtime.getHeapUsage')) as Usage);
  let worker = 0;
  for (const path of workers.paths) {
    await workers.send(path, 'HeapProfiler.collectGarbage');
    worker += inUse((await workers.send(path, 'Runtime.getHeapUsage')) as Usage);
  }
  return { page: page / 1e6, worker: worker / 1e6 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] as number) : NaN;
};

/**
 * Main-thread time to respond to `act`: the handler, React's render and a
 * forced layout, `n` times. Under 16 ms, the response is in the next frame.
 */
async function latency(page: Page, act: string, n: number): Promise<number[]> {
  return page.evaluate(
    async ({ act, n }) => {
      const out: number[] = [];
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (let k = 0; k < n; k++) {
        await frame();
        const t0 = performance.now();
        new Function('k', act)(k);
        await Promise.resolve();
        void document.body.offsetHeight;
        out.push(performance.now() - t0);
      }
      return out;
    },
    { act, n },
  );
}

/** Time from an action in the page to its answer painted and the page idle, in ms. */
async function answered(page: Page, act: string, done: string): Promise<number> {
  return page.evaluate(
    async ({ act, done }) => {
      const ready = new Function(`return (${done})`) as () => boolean;
      const t0 = performance.now();
      new Function(act)();
      await new Promise<void>((resolveDone) => {
        const check = () => {
          if (document.body.dataset.idle === 'true' && ready()) requestAnimationFrame(() => resolveDone());
          else setTimeout(check, 2);
        };
        setTimeout(check, 0);
      });
      return performance.now() - t0;
    },
    { act, done },
  );
}

/** The query box gets `text` and Enter, as a person types it. */
function typeQuery(text: string): string {
  return `
    const input = document.querySelector('[data-testid=trace-query]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(text)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
    setTimeout(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })), 0);`;
}

const COUNTED = `/\\d+ match/.test(document.querySelector('[data-testid=trace-query-count]')?.textContent ?? '')`;

interface Analyses {
  criticalPathMs: number;
  statisticsMs: number;
  intrinsicQueryMs: number;
  firstAttributeQueryMs: number;
  laterAttributeQueryMs: number;
  firstTextQueryMs: number;
  counts: string[];
}

/** Critical path, statistics and queries on the loaded trace, through the UI. */
async function analyses(page: Page): Promise<Analyses> {
  const counts: string[] = [];
  const query = async (text: string) => {
    // Clear first so the count of the last query cannot stand for this one.
    await answered(page, typeQuery(''), `!document.querySelector('[data-testid=trace-query-count]')`);
    const ms = await answered(page, typeQuery(text), COUNTED);
    counts.push((await page.getByTestId('trace-query-count').textContent()) ?? '');
    return ms;
  };
  const criticalPathMs = await answered(
    page,
    `document.querySelector('[data-testid=critical-path-toggle]').click()`,
    `!!document.querySelector('[data-testid=critical-path-row]')`,
  );
  const statisticsMs = await answered(
    page,
    `document.querySelector('[data-testid=view-statistics]').click()`,
    `!!document.querySelector('[data-testid=stats-row]')`,
  );
  await answered(
    page,
    `document.querySelector('[data-testid=view-waterfall]').click()`,
    `!!document.querySelector('[data-testid=span-row]')`,
  );
  const intrinsicQueryMs = await query('{ status = error } >> { duration > 10ms }');
  const firstAttributeQueryMs = await query('{ span.http.response.status_code >= 500 }');
  const laterAttributeQueryMs = await query('{ span.http.response.status_code >= 400 && kind = server }');
  const firstTextQueryMs = await query('checkout');
  return {
    criticalPathMs,
    statisticsMs,
    intrinsicQueryMs,
    firstAttributeQueryMs,
    laterAttributeQueryMs,
    firstTextQueryMs,
    counts,
  };
}

interface Row {
  analysis: Analyses;
  spans: number;
  fileMb: number;
  parseMs: number | null;
  firstRowsMs: number;
  /** Of which: the worker's import until the page has the columns… */
  workerMs: number;
  /** …of which reading the file into rows (scan and parse, two workers) and building the trace. */
  readMs: number;
  buildMs: number;
  heapMb: number;
  pageHeapMb: number;
  workerHeapMb: number;
  workers: number;
  scrollMedianMs: number;
  scrollP95Ms: number;
  wheelMs: number;
  selectMs: number;
  toggleMs: number;
  header: string;
}

async function measure(url: string, spans: number, format: BenchFormat): Promise<Row> {
  const path = await ensureFile(spans, format);
  const fileMb = statSync(path).size / 1e6;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // The timing code is handed to the page as text (new Function), which the app's CSP forbids: the bench bypasses it.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    // tsx compiles with keepNames: functions sent to the page call a __name helper.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    const cdp = await page.context().newCDPSession(page);
    const workers = new Workers(cdp);
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.idle === 'true');

    // The file, as a File object in the page (read from disk by Chromium, not copied through Playwright).
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      input.style.display = 'none';
      document.body.append(input);
    });
    await page.setInputFiles('#bench-file', path);

    // 1. Bare JSON.parse of the same text, in the same page.
    const parseMs = await page.evaluate(async () => {
      const file = (document.getElementById('bench-file') as HTMLInputElement).files?.[0];
      if (!file) return null;
      try {
        const text = await file.text();
        const times: number[] = [];
        for (let k = 0; k < 3; k++) {
          const t0 = performance.now();
          JSON.parse(text);
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b)[1] as number;
      } catch {
        return null; // beyond one JavaScript string
      }
    });
    await cdp.send('HeapProfiler.collectGarbage');

    // 2. Drop it on the window; time until waterfall rows are painted.
    const firstRowsMs = await page.evaluate(async () => {
      const file = (document.getElementById('bench-file') as HTMLInputElement).files?.[0] as File;
      const dt = new DataTransfer();
      dt.items.add(file);
      const zone = document.querySelector('[data-testid=drop-zone]') as HTMLElement;
      const painted = new Promise<number>((resolveTime) => {
        const check = () => {
          if (document.querySelector('[data-testid=span-row]'))
            requestAnimationFrame(() => resolveTime(performance.now()));
          else requestAnimationFrame(check);
        };
        check();
      });
      const t0 = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      return (await painted) - t0;
    });
    await page.waitForFunction(() => document.body.dataset.idle === 'true', null, { timeout: 600_000 });
    const header = (await page.getByTestId('trace-span-count').textContent()) ?? '';
    const { workerMs, readMs, buildMs } = await page.evaluate(() => {
      const start = performance.getEntriesByName('skein:import-start').at(-1)?.startTime ?? 0;
      const done = performance.getEntriesByName('skein:import-done').at(-1) as PerformanceMark | undefined;
      const timings = (done?.detail as { timings?: { readMs: number; buildMs: number } } | undefined)?.timings;
      return {
        workerMs: (done?.startTime ?? 0) - start,
        readMs: timings?.readMs ?? NaN,
        buildMs: timings?.buildMs ?? NaN,
      };
    });
    await page.evaluate(() => document.getElementById('bench-file')?.remove());
    const heap = await heapMb(cdp, workers);

    // 3. Jump through the whole waterfall in 100 steps, then wheel-sized steps; frame times.
    const scrollFrames = (jump: boolean) =>
      page.evaluate(async (jump) => {
        const el = document.querySelector('[data-testid=waterfall-scroll]') as HTMLElement;
        el.scrollTop = 0;
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        const times: number[] = [];
        let last = performance.now();
        for (let k = 0; k < 100; k++) {
          if (jump) el.scrollTop = (k / 99) * (el.scrollHeight - el.clientHeight);
          else el.scrollTop += 120;
          await new Promise<void>((r) => requestAnimationFrame(() => r()));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return times.slice(1);
      }, jump);
    const frames = await scrollFrames(true);
    const wheel = await scrollFrames(false);
    const select = await latency(
      page,
      `document.querySelectorAll('[data-testid=span-row]')[(k % 10) + 2].click();`,
      20,
    );
    const toggle = await latency(page, `document.querySelector('[data-testid=span-toggle]').click();`, 20);
    const analysis = await analyses(page);
    return {
      analysis,
      spans,
      fileMb,
      parseMs,
      firstRowsMs,
      workerMs,
      readMs,
      buildMs,
      heapMb: heap.page + heap.worker,
      pageHeapMb: heap.page,
      workerHeapMb: heap.worker,
      workers: workers.paths.length,
      scrollMedianMs: median(frames),
      scrollP95Ms: p95(frames),
      wheelMs: median(wheel),
      selectMs: median(select),
      toggleMs: median(toggle),
      header,
    };
  } finally {
    await browser.close();
  }
}

function fmt(n: number | null, digits = 0): string {
  return n === null || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

async function benchFormat(url: string, format: BenchFormat, chromiumVersion: string): Promise<void> {
  console.log(
    `Skein bench · ${format} · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · ${chromiumVersion} · Node ${process.version}`,
  );
  console.log('');
  console.log(
    '| spans | file MB | JSON.parse ms (median of 3) | first rows ms (worker: read + build) | ratio | heap MB page + worker | heap / file | jump-scroll frame median / p95 ms | wheel frame median ms | select ms | expand/collapse ms |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const spreads: string[] = [];
  const analysisRows: Array<Analyses & { spans: number }> = [];
  for (const spans of sizes) {
    const all: Row[] = [];
    for (let k = 0; k < runs; k++) {
      const run = await measure(url, spans, format);
      if (Number(run.header.replace(/\D/g, '')) !== spans)
        console.error(`warning: the header shows ${run.header} spans, expected ${spans}`);
      all.push(run);
    }
    // The run with the median ratio (or median time to first rows where JSON.parse cannot run) stands for the size.
    const key = (row: Row) => (row.parseMs ? row.firstRowsMs / row.parseMs : row.firstRowsMs);
    all.sort((a, b) => key(a) - key(b));
    const r = all[Math.floor((all.length - 1) / 2)] as Row;
    analysisRows.push({ ...r.analysis, spans });
    const range = (values: number[], digits = 0) =>
      `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;
    const parsed = all.filter((row) => row.parseMs);
    spreads.push(
      `${spans.toLocaleString('en-US')} spans, ${all.length} runs: first rows ${range(all.map((row) => row.firstRowsMs))} ms` +
        (parsed.length
          ? `, JSON.parse ${range(parsed.map((row) => row.parseMs as number))} ms, ratio ${range(parsed.map(key), 2)}`
          : `, ${fmt(r.firstRowsMs / r.fileMb, 1)} ms per MB of the file`),
    );
    console.log(
      `| ${spans.toLocaleString('en-US')} | ${fmt(r.fileMb, 1)} | ${fmt(r.parseMs)} | ${fmt(r.firstRowsMs)} (${fmt(r.workerMs)}: ${fmt(r.readMs)} + ${fmt(r.buildMs)}) | ${r.parseMs ? fmt(r.firstRowsMs / r.parseMs, 2) : 'n/a'} | ${fmt(r.pageHeapMb)} + ${fmt(r.workerHeapMb)}${` (${r.workers} workers)`} | ${fmt(r.heapMb / r.fileMb, 2)} | ${fmt(r.scrollMedianMs, 1)} / ${fmt(r.scrollP95Ms, 1)} | ${fmt(r.wheelMs, 1)} | ${fmt(r.selectMs, 1)} | ${fmt(r.toggleMs, 1)} |`,
    );
  }
  console.log('');
  for (const line of spreads) console.log(line);
  console.log('');
  console.log('Analyses (the run above), ms from the click or Enter to the painted answer:');
  console.log('');
  console.log(
    '| spans | critical path | statistics | query { status = error } >> { duration > 10ms } | first attribute query (reads the index) | later attribute query | first plain-text query (reads every value) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const a of analysisRows) {
    console.log(
      `| ${a.spans.toLocaleString('en-US')} | ${fmt(a.criticalPathMs)} | ${fmt(a.statisticsMs)} | ${fmt(a.intrinsicQueryMs)} | ${fmt(a.firstAttributeQueryMs)} | ${fmt(a.laterAttributeQueryMs)} | ${fmt(a.firstTextQueryMs)} |`,
    );
  }
  console.log('');
  for (const a of analysisRows)
    console.log(`${a.spans.toLocaleString('en-US')} spans, matches: ${a.counts.join(' · ')}`);
}

async function main(): Promise<void> {
  if (values.build || !existsSync(join(root, 'dist/index.html')))
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const { app, url } = await startServer({ host: '127.0.0.1', port: 0, staticDir: join(root, 'dist') });
  const chromiumVersion = execFileSync(CHROMIUM, ['--version']).toString().trim();
  try {
    for (const format of formats) await benchFormat(url, format, chromiumVersion);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
