// The embedded server: serves the built app. Query, ingest and storage APIs
// join it in the search issue (DESIGN.md §6).
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerApi } from './api-routes';
import { registerApiV3 } from './api-v3';
import { registerBodyParsers, registerIngest, type IngestOptions } from './ingest';
import { registerProxy } from './proxy';
import { registerSecurity } from './security';
import type { SpanStore } from './span-store';

export interface ServerOptions {
  /** The built app (vite build output). */
  staticDir: string;
  logger?: boolean;
  /** Where spans are kept; without it the server only serves the app. */
  store?: SpanStore;
  /** Largest request body accepted (bytes); larger ones get 413. */
  bodyLimitBytes?: number;
  /** Other backends the page can search, reached through /proxy/{kind} so the browser needs no CORS. */
  remotes?: Remote[];
  /** CORS origins, limits and the log for the ingest routes. */
  ingest?: IngestOptions;
  /** The address the server binds (for the Host check; default 127.0.0.1). */
  boundHost?: string;
  /** More names the server answers to; `*` for any. */
  allowedHosts?: string[];
}

export interface Remote {
  kind: 'jaeger' | 'zipkin' | 'tempo';
  url: string;
  /** Headers sent with every request to it (Authorization, X-Scope-OrgID for a Tempo tenant). */
  headers?: Record<string, string>;
}

const REMOTE_LABEL: Record<Remote['kind'], string> = { jaeger: 'Jaeger', zipkin: 'Zipkin', tempo: 'Tempo' };

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  // Closing the server ends open keep-alive connections too, so a stop never hangs on an idle browser tab.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 16 * 1024 * 1024,
    forceCloseConnections: true,
  });
  const root = resolve(options.staticDir);
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new Error(`no built app in ${root}: run "npm run build" first (npm start does it for you)`);
  }
  registerSecurity(app, { boundHost: options.boundHost ?? '127.0.0.1', allowedHosts: options.allowedHosts });
  await app.register(fastifyStatic, { root, index: ['index.html'], cacheControl: false });
  app.get('/healthz', async () => ({ ok: true }));
  // The sources the page can search: this server (when it stores traces) and the remotes.
  const remotes = options.remotes ?? [];
  app.get('/api/skein/sources', async () => ({
    sources: [
      ...(options.store ? [{ id: 'local', label: 'This server', kind: 'jaeger', baseUrl: '', summaries: true }] : []),
      ...remotes.map((r) => ({
        id: r.kind,
        label: `${REMOTE_LABEL[r.kind]} (${new URL(r.url).host})`,
        kind: r.kind,
        baseUrl: `/proxy/${r.kind}`,
      })),
    ],
  }));
  for (const remote of remotes) registerProxy(app, remote);
  if (options.store) {
    registerBodyParsers(app);
    registerIngest(app, options.store, options.ingest);
    registerApi(app, options.store);
    registerApiV3(app, options.store);
  }
  // Deep links (/?trace=…) and any client route load the app.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/v1/'))
      return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: `no route ${request.method} ${request.url}` });
  });
  return app;
}

export async function startServer(
  options: ServerOptions & { host: string; port: number },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createServer({ boundHost: options.host, ...options });
  const address = await app.listen({ host: options.host, port: options.port });
  return { app, url: address.replace('[::1]', '127.0.0.1') };
}
