import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from './app';
import { CONTENT_SECURITY_POLICY, hostNames, hostOf } from './security';
import { SpanStore } from './span-store';

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Skein</title>');
  return dir;
}

describe('who the server answers', () => {
  it('reads the host of a Host header, port and brackets handled', () => {
    expect(hostOf('localhost:8686')).toBe('localhost');
    expect(hostOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostOf('[::1]:8686')).toBe('[::1]');
    expect(hostOf('EVIL.example:80')).toBe('evil.example');
  });

  it('answers its own names only (a DNS-rebinding page gets 421), more by flag, any with *', async () => {
    const app = await createServer({
      staticDir: staticDir(),
      store: new SpanStore({ path: ':memory:' }),
      allowedHosts: ['skein.internal'],
    });
    try {
      for (const host of ['localhost:8686', '127.0.0.1:8686', '[::1]:8686', 'skein.internal']) {
        expect((await app.inject({ url: '/api/services', headers: { host } })).statusCode, host).toBe(200);
      }
      const rebound = await app.inject({ url: '/api/services', headers: { host: 'attacker.example:8686' } });
      expect(rebound.statusCode).toBe(421);
      expect(rebound.body).toBe(
        'Skein answers only to its own names; "attacker.example" is not one of them. Start it with --allowed-hosts attacker.example to allow it.',
      );
      const write = await app.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { host: 'attacker.example', 'content-type': 'application/json' },
        payload: '{"resourceSpans":[]}',
      });
      expect(write.statusCode).toBe(421);
    } finally {
      await app.close();
    }
    expect(hostNames({ boundHost: '127.0.0.1', allowedHosts: ['*'] })).toBeNull();
    expect(hostNames({ boundHost: '0.0.0.0' })?.has('127.0.0.1')).toBe(true);
  });

  it('sends the app with a content security policy that forbids framing, and nosniff everywhere', async () => {
    const app = await createServer({ staticDir: staticDir() });
    try {
      const page = await app.inject({ url: '/', headers: { host: 'localhost' } });
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      const deep = await app.inject({ url: '/search?service=a', headers: { host: 'localhost' } });
      expect(deep.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      const api = await app.inject({ url: '/healthz', headers: { host: 'localhost' } });
      expect(api.headers['x-content-type-options']).toBe('nosniff');
      expect(api.headers['content-security-policy']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
