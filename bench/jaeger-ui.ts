// `npm run jaeger-ui -- <build dir>`: Jaeger UI's own production build against
// Skein's server, in Chromium. Starts Skein on a fresh store (with its demo
// traces), serves the build with /api forwarded to Skein, as Jaeger's query
// service would serve it, then searches a service, opens a trace and the
// dependency graph, and prints every API request with its status. A check to
// run by hand (building Jaeger UI needs its own toolchain), not a test.
//
// Building Jaeger UI v2.19.0 (Node 24 from npm, no other download):
//   npm install --prefix /tmp/jt node@24 && export PATH=/tmp/jt/node_modules/node/bin:$PATH
//   git clone https://github.com/jaegertracing/jaeger-ui && cd jaeger-ui && git checkout v2.19.0
//   npm ci --ignore-scripts && npm run build      # → packages/jaeger-ui/build
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { errorText } from '../src/model/text';

const root = resolve(import.meta.dirname, '..');
const build = resolve(process.argv[2] ?? '');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The build's files (any other path is the app's own route: index.html), /api/* forwarded to `target`. */
function serveBuild(target: URL): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const file = resolve(build, `.${decodeURIComponent(path)}`);
    const inside = file.startsWith(build + sep) && extname(file) !== '';
    readFile(inside ? file : join(build, 'index.html')).then(
      (body) =>
        res
          .writeHead(200, {
            'content-type': TYPES[extname(inside ? file : 'index.html')] ?? 'application/octet-stream',
          })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skein-jaeger-ui-'));
  const skein = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'server/main.ts'),
      '--port',
      '0',
      '--db',
      join(dir, 'store.db'),
      '--otlp-http-port',
      'off',
      '--otlp-grpc-port',
      'off',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const skeinUrl = await new Promise<string>((ok, fail) => {
      let out = '';
      skein.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/added \d+ demo requests/.test(out)) ok(/running at (http:\/\/\S+)/.exec(out)?.[1] ?? '');
      });
      skein.once('exit', (code) => fail(new Error(`Skein exited (${code})`)));
    });
    const { server, url } = await serveBuild(new URL(skeinUrl));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const failures: string[] = [];
    page.on('console', (m) => m.type() === 'error' && failures.push(`console: ${m.text()}`));
    page.on('response', (r) => {
      if (!r.url().includes('/api/')) return;
      console.log(`${r.status()} ${r.request().method()} ${decodeURIComponent(r.url().slice(url.length))}`);
      if (r.status() >= 400) failures.push(`${r.status()} for ${r.url()}`);
    });
    const shots = process.env.SHOTS;
    await page.goto(`${url}/search`);
    await page.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: 'frontend' }).first().click();
    await page.getByRole('button', { name: 'Find Traces' }).click();
    await page.getByText('frontend: GET /checkout').first().waitFor();
    const found = await page.getByText('frontend: GET /checkout').count();
    if (shots) await page.screenshot({ path: join(shots, 'jaeger-ui-search.png') });
    await page.getByText('frontend: GET /checkout').first().click();
    await page.getByText('Total Spans').waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'jaeger-ui-trace.png') });
    await page.goto(`${url}/dependencies`);
    await page.getByText('payments').first().waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'jaeger-ui-dependencies.png') });
    await browser.close();
    server.close();
    console.log(
      `\n${found} traces found; ${failures.length ? `problems:\n${failures.join('\n')}` : 'search, trace view and dependencies worked, no failed request or console error'}`,
    );
    if (failures.length) process.exitCode = 1;
  } finally {
    skein.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(errorText(error));
  process.exit(1);
});
