// Read-only pass-through to a remote backend (Jaeger, Zipkin, Tempo), so the
// page reaches it from its own origin and the backend needs no CORS. The path
// cannot leave the remote's base (each segment is decoded until it stops
// changing, refused if it is a dot segment or hides a slash, and encoded
// again), and a remote's answer is served as JSON, protobuf or bytes, never
// as something a browser would run.
import type { FastifyInstance } from 'fastify';
import type { Remote } from './app';

const TIMEOUT_MS = 30_000;
const MAX_DECODES = 4;

/** The remote path for the raw path after /proxy/{kind}/, or why it is refused. */
export function safeRemotePath(raw: string): { path: string } | { refused: string } {
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    let decoded = segment;
    for (let k = 0; k < MAX_DECODES; k++) {
      let next: string;
      try {
        next = decodeURIComponent(decoded);
      } catch {
        return { refused: `the path segment "${segment.slice(0, 80)}" is not valid percent-encoding` };
      }
      if (next === decoded) break;
      decoded = next;
    }
    if (/[\\/]/.test(decoded) || decoded === '.' || decoded === '..' || decoded.includes('\0')) {
      return { refused: `the path segment "${segment.slice(0, 80)}" would leave the remote's base` };
    }
    segments.push(encodeURIComponent(decoded));
  }
  return { path: segments.join('/') };
}

/** How a remote's body is served: JSON and protobuf as they are, anything else as bytes. */
export function servedType(upstream: string | null): string {
  const type = (upstream ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return 'application/json; charset=utf-8';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return type;
  return 'application/octet-stream';
}

export function registerProxy(app: FastifyInstance, remote: Remote): void {
  const base = remote.url.replace(/\/$/, '');
  const prefix = `/proxy/${remote.kind}/`;
  app.get(`/proxy/${remote.kind}/*`, async (request, reply) => {
    const cut = request.url.indexOf('?');
    const rawPath = (cut === -1 ? request.url : request.url.slice(0, cut)).slice(prefix.length);
    const query = cut === -1 ? '' : request.url.slice(cut);
    const safe = safeRemotePath(rawPath);
    if ('refused' in safe) return reply.code(400).send({ message: `not passed to ${remote.kind}: ${safe.refused}` });
    const target = `${base}/${safe.path}${query}`;
    let upstream: Response;
    try {
      upstream = await fetch(target, {
        headers: { ...(remote.headers ?? {}), accept: String(request.headers.accept ?? 'application/json') },
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
      return reply.code(502).send({ message: `could not reach ${remote.kind} at ${base}: ${reason}` });
    }
    if (upstream.status >= 300 && upstream.status < 400) {
      return reply.code(502).send({
        message: `${remote.kind} at ${base} answered with a redirect (${upstream.status}); redirects are not followed`,
      });
    }
    const body = Buffer.from(await upstream.arrayBuffer());
    return reply
      .code(upstream.status)
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('content-disposition', 'attachment')
      .type(servedType(upstream.headers.get('content-type')))
      .send(body);
  });
}
