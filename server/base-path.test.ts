import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, normalizeBasePath } from './app';
import { SpanStore } from './span-store';

const root = join(import.meta.dirname, '..');
const sampleText = readFileSync(join(root, 'public/samples/sample-checkout-trace.json'), 'utf8');

/** A built app as Vite writes it with a relative base: a <base href="/" /> and ./assets/ URLs. */
function builtApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><base href="/" /><script type="module" src="./assets/app.js"></script></head></html>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  return dir;
}

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});

async function server(basePath: string) {
  const store = new SpanStore({ path: ':memory:' });
  const app = await createServer({ staticDir: builtApp(), store, basePath, ingest: { plausibleWindowUs: 0 } });
  open.push(app);
  return app;
}

describe('normalizeBasePath', () => {
  it('takes /skein, /skein/, skein and nested paths, and the root as empty', () => {
    expect(normalizeBasePath('/skein/')).toBe('/skein');
    expect(normalizeBasePath('skein')).toBe('/skein');
    expect(normalizeBasePath('/tools/skein-2.1/')).toBe('/tools/skein-2.1');
    expect(normalizeBasePath('/')).toBe('');
    expect(normalizeBasePath('')).toBe('');
  });

  it('refuses what could not sit in a <base href> or climbs out: quotes, spaces, .., empty segments', () => {
    for (const bad of ['/a"b', '/a b', '/../x', '/a/./b', '//x', '/a//b', '/x?y', '/<script>']) {
      expect(normalizeBasePath(bad), bad).toBeNull();
    }
  });
});

describe('a server under /skein', () => {
  it('serves the page with its base path written into <base href>, at the path and at every client route', async () => {
    const app = await server('/skein');
    for (const url of ['/skein/', '/skein', '/skein/search?service=a', '/skein/trace/abc']) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.body, url).toContain('<base href="/skein/" />');
    }
    expect((await app.inject({ url: '/skein/assets/app.js' })).body).toBe('export {};');
    // The file itself, with the wrong base, is never served.
    expect((await app.inject({ url: '/skein/index.html' })).body).not.toContain('<base href="/" />');
  });

  it('sends the bare root to the base path, and answers nothing outside it', async () => {
    const app = await server('/skein');
    const bare = await app.inject({ url: '/' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/skein/');
    expect((await app.inject({ url: '/api/services' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/other/page' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/v1/traces', payload: sampleText })).statusCode).toBe(404);
  });

  it('takes traces and answers its API under the base path', async () => {
    const app = await server('/skein');
    const sent = await app.inject({
      method: 'POST',
      url: '/skein/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: sampleText,
    });
    expect(sent.statusCode).toBe(200);
    const services = await app.inject({ url: '/skein/api/services' });
    expect(services.json<{ data: string[] }>().data).toContain('web-frontend');
    const sources = await app.inject({ url: '/skein/api/skein/sources' });
    expect(sources.json<{ sources: Array<{ id: string }> }>().sources.map((s) => s.id)).toEqual(['local']);
    expect((await app.inject({ url: '/skein/api/nothing-here' })).statusCode).toBe(404);
  });

  it('at the root, serves the page with <base href="/" /> as before', async () => {
    const app = await server('');
    const page = await app.inject({ url: '/trace/abc' });
    expect(page.body).toContain('<base href="/" />');
    expect((await app.inject({ url: '/api/services' })).statusCode).toBe(200);
  });
});
