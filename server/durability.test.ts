// Every acknowledged span survives a crash: the server (a separate process on
// a file store) is killed with SIGKILL while clients are sending, started
// again on the same file, and every trace it answered 200 for must be there
// whole.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanStore } from './span-store';

const root = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(db: string): Promise<string> {
  const dist = join(db, '..');
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Skein</title>');
  const child = spawn(
    process.execPath,
    [
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
      '--dist',
      dist,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise<string>((resolveUrl, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl(match[1] as string);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
}

function request(traceNumber: number, spans: number): string {
  const traceId = traceNumber.toString(16).padStart(32, '0');
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash-test' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: (i + 1).toString(16).padStart(16, '0'),
              ...(i ? { parentSpanId: '0000000000000001' } : {}),
              name: `op ${i}`,
              startTimeUnixNano: String(nowNs),
              endTimeUnixNano: String(nowNs + 1000n),
            })),
          },
        ],
      },
    ],
  });
}

describe('durability', () => {
  it('keeps every acknowledged span when the server is killed during a load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-crash-'));
    dirs.push(dir);
    const db = join(dir, 'crash.db');
    const url = await start(db);
    const acknowledged = new Map<string, number>();
    let next = 1;
    let killed = false;
    const client = async () => {
      while (!killed) {
        const n = next++;
        const spans = 20 + (n % 50);
        try {
          const response = await fetch(`${url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: request(n, spans),
          });
          if (response.ok) acknowledged.set(n.toString(16).padStart(32, '0'), spans);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    // Kill it mid-load, once it has acknowledged a fair amount.
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 20));
    children[0]?.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    // Started again on the same file: every acknowledged trace is there, whole, and answered.
    const again = await start(db);
    const store = new SpanStore({ path: db });
    let missing = 0;
    for (const [traceId, spans] of acknowledged) if (store.spansOf(traceId).length !== spans) missing++;
    store.close();
    expect(missing).toBe(0);
    const sample = [...acknowledged.keys()].slice(-5);
    for (const traceId of sample) expect((await fetch(`${again}/api/v3/traces/${traceId}`)).status).toBe(200);
  }, 60_000);
});
