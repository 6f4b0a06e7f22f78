// `npm run load`: the embedded server under ingest load, as a separate process
// on a fresh store (127.0.0.1, free ports). Optionally fills the store first;
// then 32 clients send 100-span OTLP/JSON requests for a while, each waiting
// for its answer before the next, while a searcher asks
// /api/traces?service=…&limit=20 and /api/v3/trace-summaries every 100 ms. Prints spans/s, search
// latencies, /api/dependencies, a retention pass and the restart time.
// Figures only; nothing here is a test.
//
//   npm run load                                  # 32 clients × 100 spans, 20 s
//   npm run load -- --prefill 2000000 --seconds 30
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    spans: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    prefill: { type: 'string', default: '0' },
  },
});
const CLIENTS = Number(values.clients);
const SPANS = Number(values.spans);
const SECONDS = Number(values.seconds);
const PREFILL = Number(values.prefill);
const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'search', 'email', 'pricing', 'auth'];

let nextId = 1;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const ATTRIBUTES = (status: number) =>
  `[{"key":"http.response.status_code","value":{"intValue":"${status}"}},{"key":"db.system","value":{"stringValue":"postgresql"}},{"key":"peer.service","value":{"stringValue":"db"}}]`;
const OK_ATTRIBUTES = ATTRIBUTES(200);
const FAILED_ATTRIBUTES = ATTRIBUTES(500);

/**
 * One request: `n` spans of one new trace (a root and its children), timed
 * now, as OTLP/JSON text. Written as text from pieces made once (not
 * JSON.stringify of objects): the clients share the two cores with the server,
 * and every cycle they spend is one the server does not get.
 */
function request(n: number): string {
  const traceId = hex(nextId++, 32);
  const nowUs = Date.now() * 1000;
  const rootId = hex(nextId++, 16);
  const service = SERVICES[nextId % SERVICES.length] as string;
  const spans: string[] = [];
  for (let i = 0; i < n; i++) {
    const failed = i % 50 === 0;
    const spanId = i === 0 ? rootId : hex(nextId++, 16);
    spans.push(
      `{"traceId":"${traceId}","spanId":"${spanId}"${i === 0 ? '' : `,"parentSpanId":"${rootId}"`},"name":"${i === 0 ? 'GET /api/cart' : `SELECT items ${i % 7}`}","kind":${i === 0 ? 2 : 3},` +
        `"startTimeUnixNano":"${nowUs + i}000","endTimeUnixNano":"${nowUs + i + 500}000","attributes":${failed ? FAILED_ATTRIBUTES : OK_ATTRIBUTES},"status":{"code":${failed ? 2 : 0}}}`,
    );
  }
  return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}},{"key":"host.name","value":{"stringValue":"${service}-1"}}]},"scopeSpans":[{"scope":{"name":"load"},"spans":[${spans.join(',')}]}]}]}`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number) : NaN;
}

async function start(db: string): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SKEIN_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.SKEIN_PROF] : []),
      '--import',
      'tsx',
      join(root, 'server/main.ts'),
      '--port',
      '0',
      '--db',
      db,
      '--no-demo',
      '--otlp-http-port',
      'off',
      '--otlp-grpc-port',
      'off',
      '--max-spans',
      '0',
      '--retention-hours',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return { child, url, startMs: performance.now() - t0 };
}

// node:http with kept-alive sockets: fetch's streams cost the clients about three times as much CPU a request.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<void> {
  const bytes = Buffer.from(body);
  return new Promise((resolvePost, reject) => {
    const req = httpRequest(
      `${url}/v1/traces`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': bytes.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolvePost();
          else reject(new Error(`ingest answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`));
        });
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skein-load-'));
  const db = join(dir, 'load.db');
  let server = await start(db);
  try {
    if (PREFILL > 0) {
      const t0 = performance.now();
      let sent = 0;
      const worker = async () => {
        while (sent < PREFILL) {
          sent += 500;
          await post(server.url, request(500));
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      console.log(
        `prefill: ${sent.toLocaleString('en-US')} spans in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const idle: number[] = [];
    for (let k = 0; k < 20; k++) idle.push(await timed(`${server.url}/api/traces?service=payments&limit=20`));

    const until = performance.now() + SECONDS * 1000;
    let stored = 0;
    const latencies: number[] = [];
    const client = async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await post(server.url, request(SPANS));
        latencies.push(performance.now() - t0);
        stored += SPANS;
      }
    };
    const searches: number[] = [];
    const summaries: number[] = [];
    const summaryUrl = () => {
      const q = new URLSearchParams({
        'query.serviceName': 'payments',
        'query.startTimeMin': new Date(Date.now() - 3_600_000).toISOString(),
        'query.startTimeMax': new Date(Date.now() + 60_000).toISOString(),
        'query.searchDepth': '20',
      });
      return `${server.url}/api/v3/trace-summaries?${q}`;
    };
    const searcher = async () => {
      while (performance.now() < until) {
        searches.push(await timed(`${server.url}/api/traces?service=payments&limit=20`));
        summaries.push(await timed(summaryUrl()));
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const t0 = performance.now();
    await Promise.all([...Array.from({ length: CLIENTS }, client), searcher()]);
    const seconds = (performance.now() - t0) / 1000;
    const dependencies = await timed(`${server.url}/api/dependencies?endTs=${Date.now()}&lookback=86400000`);
    const total = Number(
      ((await (await fetch(`${server.url}/api/v3/services`)).json()) as { services: string[] }).services.length,
    );

    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    server = await start(db);
    const afterRestart = await timed(`${server.url}/api/traces?service=payments&limit=20`);

    console.log(
      `Skein load · ${CLIENTS} clients × ${SPANS}-span OTLP/JSON requests · ${SECONDS} s · store ${PREFILL.toLocaleString('en-US')} spans before`,
    );
    console.log('');
    console.log('| figure | value |');
    console.log('|---|---:|');
    console.log(
      `| ingest | ${Math.round(stored / seconds).toLocaleString('en-US')} spans/s (${stored.toLocaleString('en-US')} spans, ${total} services) |`,
    );
    console.log(
      `| ingest request p50 / p99 | ${percentile(latencies, 0.5).toFixed(0)} / ${percentile(latencies, 0.99).toFixed(0)} ms |`,
    );
    console.log(
      `| search (limit 20) idle p50 / p99 | ${percentile(idle, 0.5).toFixed(0)} / ${percentile(idle, 0.99).toFixed(0)} ms |`,
    );
    console.log(
      `| search v1 (20 whole traces) during ingest p50 / p99 (${searches.length}) | ${percentile(searches, 0.5).toFixed(0)} / ${percentile(searches, 0.99).toFixed(0)} ms |`,
    );
    console.log(
      `| search v3 trace-summaries (20) during ingest p50 / p99 (${summaries.length}) | ${percentile(summaries, 0.5).toFixed(0)} / ${percentile(summaries, 0.99).toFixed(0)} ms |`,
    );
    console.log(`| /api/dependencies (24 h) | ${dependencies.toFixed(0)} ms |`);
    console.log(`| restart until listening | ${server.startMs.toFixed(0)} ms |`);
    console.log(`| first search after restart | ${afterRestart.toFixed(0)} ms |`);
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
