// Search on the embedded server: traces sent over OTLP/HTTP (JSON) and the
// Zipkin API are found by service, tag and duration in the page, open in the
// trace view, and are still there after the server restarts.
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../server/app';
import { SpanStore } from '../server/span-store';
import { root, waitIdle } from './fixtures';

const sample = readFileSync(resolve(root, 'public/samples/sample-checkout-trace.json'), 'utf8');
const zipkin = readFileSync(resolve(root, 'test/fixtures/zipkin/span-list.json'), 'utf8');

async function start(dbPath: string, basePath = '') {
  const store = new SpanStore({ path: dbPath });
  const { app, url } = await startServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: resolve(root, 'dist'),
    store,
    basePath,
  });
  return {
    url,
    stop: async () => {
      await app.close();
      store.close();
    },
  };
}

const test = base.extend<{ db: string; server: Awaited<ReturnType<typeof start>> }>({
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => use(join(mkdtempSync(join(tmpdir(), 'skein-e2e-')), 'skein.db')),
  /** The server on the test's store, stopped after the test. */
  server: async ({ db }, use) => {
    const server = await start(db);
    await use(server);
    await server.stop();
  },
});

/** The sample with "now" timestamps, so a lookback search finds it. */
function recentSample(): string {
  const shiftNs = BigInt(Date.now()) * 1_000_000n - 1_767_261_600_000_000_000n - 60_000_000_000n;
  return sample.replace(/"(\d{19})"/g, (_, ns: string) => `"${BigInt(ns) + shiftNs}"`);
}

/** Sends the sample, dated now, to the server's OTLP/HTTP route, and checks it was taken. */
async function sendSample(request: APIRequestContext, url: string): Promise<void> {
  const sent = await request.post(`${url}/v1/traces`, {
    headers: { 'content-type': 'application/json' },
    data: recentSample(),
  });
  expect(sent.status()).toBe(200);
}

test('send, search, open, restart, find again', async ({ page, db, request }) => {
  let server = await start(db);
  try {
    await sendSample(request, server.url);
    const nowUs = Date.now() * 1000;
    const zipkinRecent = zipkin.replace(/17356896000(\d{5})/g, (_, tail: string) =>
      String(nowUs - 30_000_000 + Number(tail)),
    );
    const z = await request.post(`${server.url}/api/v2/spans`, {
      headers: { 'content-type': 'application/json' },
      data: zipkinRecent,
    });
    expect(z.status()).toBe(202);

    await page.goto(`${server.url}/search`);
    await page.getByTestId('search-service').fill('payments');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-result')).toHaveCount(1);
    await expect(page.getByTestId('search-count')).toHaveText('1 trace');
    await expect(page.getByTestId('search-scatter').locator('circle.error')).toHaveCount(1);
    await expect(page).toHaveURL(/service=payments/);

    // By tag: nothing in "cart" has an error; the payments trace does.
    await page.getByTestId('search-service').fill('cart');
    await page.getByTestId('search-tags').fill('error=true');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-count')).toHaveText('0 traces');
    await page.getByTestId('search-service').fill('frontend');
    await page.getByTestId('search-tags').fill('');
    await page.getByTestId('search-min-duration').fill('20ms');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-result')).toHaveCount(1);
    await expect(page.getByTestId('search-result')).toContainText('get /api');

    // Open the slowest payments trace and read its header.
    await page.getByTestId('search-service').fill('payments');
    await page.getByTestId('search-min-duration').fill('');
    await page.getByTestId('search-sort').selectOption('longest');
    await page.getByTestId('search-submit').click();
    // The previous page stays while the new search runs: wait for the new result.
    await expect(page.getByTestId('search-result').first()).toContainText('GET /checkout');
    await page.getByTestId('search-result').first().click();
    await expect(page.getByTestId('trace-span-count')).toHaveText('33');
    await expect(page.getByTestId('trace-error-count')).toHaveText('1');
    await waitIdle(page);

    // Restart: what was acknowledged is still there.
    await server.stop();
    server = await start(db);
    await page.goto(`${server.url}/search?service=payments&lookback=1h`);
    await expect(page.getByTestId('search-result')).toHaveCount(1);
  } finally {
    await server.stop();
  }
});

test('a backend failure shows a message with a retry, and the page stays usable', async ({ page, server }) => {
  await page.goto(`${server.url}/?source=local&trace=00000000000000000000000000000bad`);
  // A trace the store does not hold (it may still arrive, or be in a file elsewhere): said, with a retry.
  await expect(page.getByTestId('load-error')).toContainText('is not here');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  await page.getByTestId('nav-search').click();
  await expect(page.getByTestId('search-form')).toBeVisible();
});

test('uploaded files are one more source on the search page', async ({ page, server }) => {
  await page.goto(server.url);
  await waitIdle(page);
  const { dropFiles, fileFrom } = await import('./fixtures');
  await dropFiles(page, [
    fileFrom('public/samples/sample-checkout-trace.json'),
    fileFrom('test/fixtures/zipkin/list-of-traces.json'),
  ]);
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-source').selectOption('uploaded');
  await page.getByTestId('search-service').fill('payments');
  await page.getByTestId('search-tags').fill('error=true');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.getByTestId('search-service').fill('two');
  await page.getByTestId('search-tags').fill('');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-result')).toContainText('GET /two');
  await page.getByTestId('search-result').click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
});

test('traces sent by the OpenTelemetry SDK (JSON and protobuf) are found and opened', async ({ page, server }) => {
  const { runDemo } = await import('../server/demo');
  await runDemo({ baseUrl: server.url, requests: 10, seed: 3 });
  await page.goto(`${server.url}/search?service=inventory&lookback=1h&sort=longest`);
  await expect(page.getByTestId('search-count')).toHaveText('10 traces');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('12');
  await expect(page.getByTestId('trace-service-count')).toHaveText('5');
});

test('links other viewers write open what they name: /trace/<id>, and a Jaeger search with JSON tags', async ({
  page,
  server,
  request,
}) => {
  await sendSample(request, server.url);
  const traceId = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';

  // Jaeger UI's trace link, with uiFind: the trace opens from the store, the find is the in-trace query.
  await page.goto(`${server.url}/trace/${traceId.toUpperCase()}?uiFind=payments`);
  await waitIdle(page);
  await expect(page.getByTestId('trace-id')).toHaveText(traceId);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  await expect(page).toHaveURL(new RegExp(`\\?(.*&)?trace=${traceId}`));
  await expect(page.getByTestId('trace-query')).toHaveValue('payments');

  // Zipkin Lens's.
  await page.goto(`${server.url}/zipkin/traces/${traceId}`);
  await waitIdle(page);
  await expect(page.getByTestId('trace-id')).toHaveText(traceId);

  // A trace that is neither stored nor open here says where it might be.
  await page.goto(`${server.url}/trace/00000000000000000000000000abcdef`);
  await waitIdle(page);
  await expect(page.getByTestId('load-error')).toContainText('is not here');
  await expect(page.getByTestId('load-error')).toContainText('drop that file here');

  // Jaeger UI's search link: tags as JSON, lookback by its own name.
  const tags = encodeURIComponent(JSON.stringify({ error: 'true' }));
  await page.goto(`${server.url}/search?service=payments&tags=${tags}&lookback=2h&limit=20`);
  await waitIdle(page);
  await expect(page.getByTestId('search-tags')).toHaveValue('error=true');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-result')).toHaveCount(1);
});

test('the search page names an unknown service and its close matches, searches every service, marks errors', async ({
  page,
  server,
  request,
}) => {
  const json = { 'content-type': 'application/json' };
  const otlp = await request.post(`${server.url}/v1/traces`, { headers: json, data: recentSample() });
  expect(otlp.status()).toBe(200);
  const zipkinRecent = zipkin.replace(/17356896000(\d{5})/g, (_, tail: string) =>
    String(Date.now() * 1000 - 30_000_000 + Number(tail)),
  );
  const z = await request.post(`${server.url}/api/v2/spans`, { headers: json, data: zipkinRecent });
  expect(z.status()).toBe(202);
  await page.goto(`${server.url}/search`);
  await waitIdle(page);

  // "paym" + Enter: not a service; it says so, offers payments, and searches nothing.
  await page.getByTestId('search-service').fill('paym');
  await page.getByTestId('search-service').press('Enter');
  await expect(page.getByTestId('search-unknown-service')).toContainText('has no service “paym”');
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  await page.getByTestId('service-suggestion').filter({ hasText: 'payments' }).click();
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-unknown-service')).toHaveCount(0);

  // No service: every service's traces (this server can), the one with errors marked red.
  await page.getByTestId('search-service').fill('');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-count')).toHaveText('2 traces');
  const failing = page.locator('[data-testid="search-result"][data-errors]:not([data-errors="0"])');
  await expect(failing).toHaveCount(1);
  await expect(failing).toHaveClass(/has-errors/);
  await expect(page.locator('.scatter .dot.error')).toHaveCount(1);

  // The plot: hovering a dot shows its trace; a click opens it.
  const dot = page.getByTestId('scatter-dot').first();
  const traceId = await dot.getAttribute('data-trace-id');
  await dot.hover();
  await expect(page.getByTestId('scatter-tip')).toContainText('spans');
  await dot.click();
  await expect(page.getByTestId('trace-id')).toHaveText(traceId ?? 'missing');
});

test('a backend whose search needs a service says so when none is given', async ({ page }) => {
  const { default: Fastify } = await import('fastify');
  const jaeger = Fastify();
  jaeger.get('/api/services', async () => ({ data: ['frontend', 'payments'], total: 2 }));
  const upstream = await jaeger.listen({ host: '127.0.0.1', port: 0 });
  const { app, url } = await startServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: resolve(root, 'dist'),
    remotes: [{ kind: 'jaeger', url: upstream }],
  });
  try {
    await page.goto(`${url}/search?source=jaeger`);
    await waitIdle(page);
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-needs-service')).toHaveText(
      /searches one service at a time: pick one of its 2 services/,
    );
  } finally {
    await app.close();
    await jaeger.close();
  }
});

test('the start page offers the latest traces of the store and the search; an empty store offers nothing', async ({
  page,
  server,
  request,
}) => {
  await page.goto(server.url);
  await waitIdle(page);
  await expect(page.getByTestId('store-traces')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open a sample trace' })).toBeVisible();

  await sendSample(request, server.url);
  await page.reload();
  await waitIdle(page);
  const listed = page.getByTestId('store-trace');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText('web-frontend');
  await expect(listed).toContainText('33 spans');
  await expect(listed).toContainText('1 error');
  await expect(page.getByTestId('store-traces')).toContainText('8 services');
  // Drop, paste and sample stay on the page beside it.
  await expect(page.getByRole('button', { name: 'Open a sample trace' })).toBeVisible();
  await page.getByTestId('store-search').click();
  await expect(page).toHaveURL(/\/search\?source=local&lookback=2d$/);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.goBack();
  await waitIdle(page);
  await listed.click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
});

test('under a base path (/skein) the app, its links, its samples, its search and its API all live there', async ({
  page,
  db,
  request,
}) => {
  const server = await start(db, '/skein');
  try {
    expect(server.url).toMatch(/\/skein$/);
    await sendSample(request, server.url);
    const outside: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (!path.startsWith('/skein/') && path !== '/skein') outside.push(path);
    });
    await page.goto(`${server.url}/`);
    await waitIdle(page);
    await expect(page.getByTestId('store-trace')).toHaveCount(1);
    await page.getByRole('button', { name: 'Open a sample trace' }).click();
    await waitIdle(page);
    await expect(page.getByTestId('trace-span-count')).toHaveText('33');
    await expect(page).toHaveURL(/\/skein\/\?trace=/);

    await page.getByTestId('nav-search').click();
    await expect(page).toHaveURL(/\/skein\/search$/);
    await page.getByTestId('search-source').selectOption('local');
    await page.getByTestId('search-service').fill('payments');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-result')).toHaveCount(1);
    await expect(page).toHaveURL(/\/skein\/search\?/);
    const id = (await page.getByTestId('search-result').getAttribute('data-trace-id')) ?? '';

    // A Jaeger-style link under the base path opens the trace from the store.
    await page.goto(`${server.url}/trace/${id}`);
    await waitIdle(page);
    await expect(page).toHaveURL(new RegExp(`/skein/\\?trace=${id}`));
    await expect(page.getByTestId('trace-id')).toHaveText(id);
    await page.getByRole('link', { name: 'Skein home' }).click();
    await expect(page).toHaveURL(/\/skein\/(\?.*)?$/);
    expect(outside).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('a ?trace= link with nothing open asks the store, and opens the trace from it', async ({
  page,
  server,
  request,
}) => {
  await sendSample(request, server.url);
  await page.goto(`${server.url}/?trace=7f3a9c2e5b8d41f0a6c3e9b2d4f81a57`);
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  await page.goto(`${server.url}/?trace=00000000000000000000000000000bad`);
  await waitIdle(page);
  await expect(page.getByTestId('load-error')).toContainText('drop that file here');
});
