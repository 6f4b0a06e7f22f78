// The embedded server: serves the built app. Query, ingest and storage APIs
// join it in the search issue (DESIGN.md §6).
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
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
  /** The path the app and its API live under behind a proxy, e.g. `/skein` (see normalizeBasePath); '' is the root. */
  basePath?: string;
}

/**
 * A base path as the server takes it: '' for the root, else `/a/b` (no trailing slash), of URL-safe segments only
 * (it is written into the page's <base href>); null when it is not one.
 */
export function normalizeBasePath(raw: string): string | null {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return /^(\/[A-Za-z0-9._~-]+)+$/.test(path) && !/\/\.\.?(\/|$)/.test(path) ? path : null;
}

/** The built index.html with its <base href> set to the base path. */
function pageAt(root: string, base: string): string {
  const html = readFileSync(resolve(root, 'index.html'), 'utf8');
  const tag = `<base href="${base}/" />`;
  return /<base href="[^"]*"\s*\/?>/.test(html)
    ? html.replace(/<base href="[^"]*"\s*\/?>/, tag)
    : html.replace('<head>', `<head>\n    ${tag}`);
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
  const base = options.basePath ?? '';
  const page = pageAt(root, base);
  const sendPage = (reply: FastifyReply) => reply.type('text/html').header('cache-control', 'no-cache').send(page);
  // Everything the server answers lives under the base path: the app, its API, the ingest routes and the proxies.
  await app.register(
    async (scope) => {
      // index.html only ever goes out with its <base href> set (sendPage), never as the file.
      await scope.register(fastifyStatic, {
        root,
        index: false,
        cacheControl: false,
        allowedPath: (path) => path !== '/index.html',
      });
      scope.get('/', async (_request, reply) => sendPage(reply));
      scope.get('/healthz', async () => ({ ok: true }));
      // The sources the page can search: this server (when it stores traces) and the remotes.
      const remotes = options.remotes ?? [];
      scope.get('/api/skein/sources', async () => ({
        sources: [
          ...(options.store
            ? [{ id: 'local', label: 'This server', kind: 'jaeger', baseUrl: '', summaries: true }]
            : []),
          ...remotes.map((r) => ({
            id: r.kind,
            label: `${REMOTE_LABEL[r.kind]} (${new URL(r.url).host})`,
            kind: r.kind,
            baseUrl: `/proxy/${r.kind}`,
          })),
        ],
      }));
      for (const remote of remotes) registerProxy(scope, remote);
      if (options.store) {
        registerBodyParsers(scope);
        registerIngest(scope, options.store, options.ingest);
        registerApi(scope, options.store);
        registerApiV3(scope, options.store);
      }
    },
    { prefix: base },
  );
  // Deep links (/?trace=…, /trace/<id>, /search) and any client route load the app; the bare root of a server
  // under a base path sends the browser there.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && base && (path === '/' || path === '')) return reply.redirect(`${base}/`);
    const inApp = base === '' || path === base || path.startsWith(`${base}/`);
    const rest = path.slice(base.length);
    if (request.method === 'GET' && inApp && !rest.startsWith('/api/') && !rest.startsWith('/v1/')) {
      return sendPage(reply);
    }
    return reply.code(404).send({ error: `no route ${request.method} ${request.url}` });
  });
  return app;
}

export async function startServer(
  options: ServerOptions & { host: string; port: number },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createServer({ boundHost: options.host, ...options });
  const address = await app.listen({ host: options.host, port: options.port });
  // The app's address: the origin and the base path (no trailing slash).
  return { app, url: `${address.replace('[::1]', '127.0.0.1')}${options.basePath ?? ''}` };
}
