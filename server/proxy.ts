// Read-only pass-through to a remote backend (Jaeger, Zipkin, Tempo), so the
// page reaches it from its own origin and the backend needs no CORS.
import type { FastifyInstance } from 'fastify';
import type { Remote } from './app';

const TIMEOUT_MS = 30_000;

export function registerProxy(app: FastifyInstance, remote: Remote): void {
  const base = remote.url.replace(/\/$/, '');
  app.get<{ Params: { '*': string } }>(`/proxy/${remote.kind}/*`, async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const target = `${base}/${request.params['*']}${query}`;
    let upstream: Response;
    try {
      upstream = await fetch(target, { headers: { accept: String(request.headers.accept ?? 'application/json') }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return reply.code(502).send({ message: `could not reach ${remote.kind} at ${base}: ${reason}` });
    }
    const body = Buffer.from(await upstream.arrayBuffer());
    return reply
      .code(upstream.status)
      .type(upstream.headers.get('content-type') ?? 'application/octet-stream')
      .send(body);
  });
}
