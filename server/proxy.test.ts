import Fastify from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from './app';

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  return dir;
}

describe('remote backends through the server', () => {
  it('lists them as sources and passes requests through, query string and status included', async () => {
    const jaeger = Fastify();
    jaeger.get('/api/services', async () => ({ data: ['remote-svc'], total: 1 }));
    jaeger.get('/api/traces/:id', async (request, reply) => reply.code(404).send({ data: null, errors: [{ code: 404, msg: `trace ${(request.params as { id: string }).id} not found` }] }));
    jaeger.get('/api/traces', async (request) => ({ data: [], echo: request.query }));
    const upstream = await jaeger.listen({ host: '127.0.0.1', port: 0 });
    const app = await createServer({ staticDir: staticDir(), remotes: [{ kind: 'jaeger', url: upstream }, { kind: 'tempo', url: 'http://127.0.0.1:9' }] });
    try {
      const sources = (await app.inject({ url: '/api/skein/sources' })).json().sources;
      expect(sources.map((s: { id: string; kind: string; baseUrl: string }) => [s.id, s.kind, s.baseUrl])).toEqual([
        ['jaeger', 'jaeger', '/proxy/jaeger'],
        ['tempo', 'tempo', '/proxy/tempo'],
      ]);
      expect((await app.inject({ url: '/proxy/jaeger/api/services' })).json()).toEqual({ data: ['remote-svc'], total: 1 });
      expect((await app.inject({ url: '/proxy/jaeger/api/traces?service=a&limit=3' })).json().echo).toEqual({ service: 'a', limit: '3' });
      const missing = await app.inject({ url: '/proxy/jaeger/api/traces/abc' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errors[0].msg).toBe('trace abc not found');
      const down = await app.inject({ url: '/proxy/tempo/api/search' });
      expect(down.statusCode).toBe(502);
      expect(down.json().message).toMatch(/^could not reach tempo at http:\/\/127\.0\.0\.1:9: /);
    } finally {
      await app.close();
      await jaeger.close();
    }
  });
});
