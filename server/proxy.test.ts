import Fastify from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from './app';
import { safeRemotePath, servedType } from './proxy';

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  return dir;
}

describe('remote backends through the server', () => {
  it('lists them as sources and passes requests through, query string and status included', async () => {
    const jaeger = Fastify();
    jaeger.get('/api/services', async () => ({ data: ['remote-svc'], total: 1 }));
    jaeger.get('/api/traces/:id', async (request, reply) =>
      reply
        .code(404)
        .send({ data: null, errors: [{ code: 404, msg: `trace ${(request.params as { id: string }).id} not found` }] }),
    );
    jaeger.get('/api/traces', async (request) => ({ data: [], echo: request.query }));
    const upstream = await jaeger.listen({ host: '127.0.0.1', port: 0 });
    const app = await createServer({
      staticDir: staticDir(),
      remotes: [
        { kind: 'jaeger', url: upstream },
        { kind: 'tempo', url: 'http://127.0.0.1:9' },
      ],
    });
    try {
      const sources = (await app.inject({ url: '/api/skein/sources' })).json().sources;
      expect(sources.map((s: { id: string; kind: string; baseUrl: string }) => [s.id, s.kind, s.baseUrl])).toEqual([
        ['jaeger', 'jaeger', '/proxy/jaeger'],
        ['tempo', 'tempo', '/proxy/tempo'],
      ]);
      expect((await app.inject({ url: '/proxy/jaeger/api/services' })).json()).toEqual({
        data: ['remote-svc'],
        total: 1,
      });
      expect((await app.inject({ url: '/proxy/jaeger/api/traces?service=a&limit=3' })).json().echo).toEqual({
        service: 'a',
        limit: '3',
      });
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

describe('the proxy cannot be turned against the remote or the page', () => {
  it('refuses every spelling of a way out of the remote base, and encodes what it passes', () => {
    for (const path of [
      '..',
      'api/../admin',
      'api/%2e%2e/admin',
      'api/.%2E/admin',
      'api/..%2fadmin',
      'api/..%5cadmin',
      'api/%252e%252e/admin',
      'api/%25252e%25252e/x',
      'api/a%2fb',
      'api/%00',
    ]) {
      expect(safeRemotePath(path), path).toHaveProperty('refused');
    }
    expect(safeRemotePath('api/%zz')).toEqual({ refused: 'the path segment "%zz" is not valid percent-encoding' });
    expect(safeRemotePath('api/traces/abc')).toEqual({ path: 'api/traces/abc' });
    expect(safeRemotePath('api/services/my%20service/operations')).toEqual({
      path: 'api/services/my%20service/operations',
    });
    expect(safeRemotePath('api/services/a%3Fb')).toEqual({ path: 'api/services/a%3Fb' });
  });

  it('serves remote bodies as JSON, protobuf or bytes, never HTML', () => {
    expect(servedType('application/json; charset=utf-8')).toBe('application/json; charset=utf-8');
    expect(servedType('application/problem+json')).toBe('application/json; charset=utf-8');
    expect(servedType('application/x-protobuf')).toBe('application/x-protobuf');
    expect(servedType('text/html')).toBe('application/octet-stream');
    expect(servedType('image/svg+xml')).toBe('application/octet-stream');
    expect(servedType(null)).toBe('application/octet-stream');
  });

  it('sends the configured headers, passes no traversal, and sandboxes what comes back', async () => {
    const seen: Array<{ url: string; tenant: unknown }> = [];
    const tempo = Fastify();
    tempo.get('/*', async (request, reply) => {
      seen.push({ url: request.url, tenant: request.headers['x-scope-orgid'] });
      return reply.type('text/html').send('<script>alert(1)</script>');
    });
    const upstream = await tempo.listen({ host: '127.0.0.1', port: 0 });
    const app = await createServer({
      staticDir: staticDir(),
      remotes: [{ kind: 'tempo', url: `${upstream}/tempo`, headers: { 'X-Scope-OrgID': 'team-a' } }],
    });
    try {
      const ok = await app.inject({ url: '/proxy/tempo/api/search?tags=a%3Db' });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('application/octet-stream');
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      expect(ok.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(seen).toEqual([{ url: '/tempo/api/search?tags=a%3Db', tenant: 'team-a' }]);
      for (const path of [
        '/proxy/tempo/..%2f..%2fadmin',
        '/proxy/tempo/%252e%252e/admin',
        '/proxy/tempo/api/..%5c..%5cadmin',
      ]) {
        const refused = await app.inject({ url: path });
        expect(refused.statusCode, path).toBe(400);
        expect(refused.json().message).toMatch(
          /^not passed to tempo: the path segment ".*" would leave the remote's base$/,
        );
      }
      expect(seen).toHaveLength(1);
    } finally {
      await app.close();
      await tempo.close();
    }
  });
});
