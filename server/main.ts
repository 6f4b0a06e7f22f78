// `npm start` runs this after building the app: one process on 127.0.0.1 that
// serves the app, receives traces (OTLP/HTTP, Zipkin) and answers a
// Jaeger-compatible query API over a SQLite file.
import { parseArgs } from 'node:util';
import { normalizeBasePath, startServer, type Remote } from './app';
import { SpanStore } from './span-store';
import type { IngestOptions } from './ingest';
import { startIngestThread } from './ingest-thread';
import { listenProblem, OTLP_GRPC_PORT, OTLP_HTTP_PORT, startOtlpGrpc, startOtlpHttp, stopGrpc } from './otlp-ports';
import { errorText } from '../src/model/text';

const HELP = `Skein — trace viewer and local trace store

Usage: npm start -- [options]

Options (each also as an environment variable):
  --port <n>              port to listen on (SKEIN_PORT, default 8686; 0 picks a free one)
  --host <addr>           address to bind (SKEIN_HOST, default 127.0.0.1)
  --db <path>             SQLite file for received traces (SKEIN_DB, default ./skein.db; ":memory:" keeps nothing)
  --retention-hours <n>   delete spans older than this (SKEIN_RETENTION_HOURS, default 72; 0 keeps all)
  --max-spans <n>         keep at most this many spans, oldest traces go first (SKEIN_MAX_SPANS, default 1000000; 0 = no limit)
  --body-limit-mb <n>     largest request body accepted, after decompression (SKEIN_BODY_LIMIT_MB, default 16)
  --otlp-http-port <n>    OTLP/HTTP on its own port, where SDKs send by default (SKEIN_OTLP_HTTP_PORT, default 4318; off turns it off)
  --otlp-grpc-port <n>    OTLP/gRPC (SKEIN_OTLP_GRPC_PORT, default 4317; off turns it off)
  --cors-origins <list>   origins a browser SDK may send from, comma-separated, or * (SKEIN_CORS_ORIGINS,
                          default: any port of localhost, 127.0.0.1 and [::1])
  --max-request-spans <n> most spans one request may carry (SKEIN_MAX_REQUEST_SPANS, default 100000)
  --accept-days <n>       reject spans that start more than this many days from now (SKEIN_ACCEPT_DAYS, default 366; 0 accepts any)
  --dist <dir>            the built app to serve (SKEIN_DIST, default ./dist)
  --base-path <path>      serve the app, its API and the ingest routes under this path, e.g. /skein/ behind a proxy
                          that forwards /skein/ as it is (SKEIN_BASE_PATH, default /)
  --no-demo               do not fill an empty store with demo traffic (SKEIN_NO_DEMO=1)
  --jaeger <url>          also search this Jaeger query service (SKEIN_JAEGER_URL), e.g. http://localhost:16686
  --zipkin <url>          also search this Zipkin server (SKEIN_ZIPKIN_URL), e.g. http://localhost:9411
  --tempo <url>           also search this Tempo query frontend (SKEIN_TEMPO_URL), e.g. http://localhost:3200
  --allowed-hosts <list>  more names the server answers to (behind a proxy, in a container), comma-separated, or *
                          (SKEIN_ALLOWED_HOSTS; default: localhost, 127.0.0.1, [::1] and the --host address; with
                          --host 0.0.0.0 also this machine's name and addresses). Other Host headers get 421.
  --remote-header <h>     a header sent to a remote, as kind:Name: value, e.g. "tempo:X-Scope-OrgID: team-a" or
                          "jaeger:Authorization: Bearer …"; repeatable (SKEIN_REMOTE_HEADERS, one per line)
  -h, --help              show this help

Send traces: an OpenTelemetry SDK with no endpoint set sends to localhost:4318 (HTTP) or localhost:4317 (gRPC);
OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port> works too (OTLP/HTTP, JSON or protobuf), and Zipkin v2
JSON goes to http://127.0.0.1:<port>/api/v2/spans. --host 0.0.0.0 (for a container) exposes all of it, the
store included, to anyone who can reach the machine: there is no authentication.
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'retention-hours': { type: 'string' },
    'max-spans': { type: 'string' },
    'body-limit-mb': { type: 'string' },
    'otlp-http-port': { type: 'string' },
    'otlp-grpc-port': { type: 'string' },
    'cors-origins': { type: 'string' },
    'max-request-spans': { type: 'string' },
    'accept-days': { type: 'string' },
    dist: { type: 'string' },
    'base-path': { type: 'string' },
    'no-demo': { type: 'boolean' },
    jaeger: { type: 'string' },
    zipkin: { type: 'string' },
    tempo: { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'remote-header': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function numberOption(flag: string, raw: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) {
    console.error(`--${flag} must be a number from 0 to ${max}, not "${raw}"`);
    process.exit(2);
  }
  return n;
}

const env = process.env;
const remotes: Remote[] = [];
for (const [kind, raw] of [
  ['jaeger', values.jaeger ?? env.SKEIN_JAEGER_URL],
  ['zipkin', values.zipkin ?? env.SKEIN_ZIPKIN_URL],
  ['tempo', values.tempo ?? env.SKEIN_TEMPO_URL],
] as const) {
  if (!raw) continue;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    remotes.push({ kind, url: raw });
  } catch {
    console.error(`--${kind} must be an http(s) URL such as http://localhost:16686, not "${raw}"`);
    process.exit(2);
  }
}
const headerLines = [...(values['remote-header'] ?? []), ...(env.SKEIN_REMOTE_HEADERS ?? '').split('\n')]
  .map((l) => l.trim())
  .filter(Boolean);
for (const line of headerLines) {
  const match = /^(jaeger|zipkin|tempo):\s*([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
  const remote = match && remotes.find((r) => r.kind === match[1]);
  if (!match || !remote) {
    console.error(
      `--remote-header must read kind:Name: value for a configured remote (jaeger, zipkin, tempo), not "${line}"`,
    );
    process.exit(2);
  }
  remote.headers = { ...remote.headers, [match[2] as string]: match[3] as string };
}
const allowedRaw = values['allowed-hosts'] ?? env.SKEIN_ALLOWED_HOSTS;
const allowedHosts = allowedRaw
  ? allowedRaw
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean)
  : undefined;
const basePathRaw = values['base-path'] ?? env.SKEIN_BASE_PATH ?? '';
const basePath = normalizeBasePath(basePathRaw);
if (basePath === null) {
  console.error(`--base-path must be a path of letters, digits and . _ ~ - such as /skein/, not "${basePathRaw}"`);
  process.exit(2);
}
const port = numberOption('port', values.port ?? env.SKEIN_PORT, 8686, 65535);
/** A listener's port: a number, or off. */
function portOption(flag: string, raw: string | undefined, fallback: number): number | null {
  if (raw === 'off' || raw === 'none' || raw === 'false') return null;
  return numberOption(flag, raw, fallback, 65535);
}
const otlpHttpPort = portOption('otlp-http-port', values['otlp-http-port'] ?? env.SKEIN_OTLP_HTTP_PORT, OTLP_HTTP_PORT);
const otlpGrpcPort = portOption('otlp-grpc-port', values['otlp-grpc-port'] ?? env.SKEIN_OTLP_GRPC_PORT, OTLP_GRPC_PORT);
const corsRaw = values['cors-origins'] ?? env.SKEIN_CORS_ORIGINS;
const bodyLimitBytes =
  numberOption('body-limit-mb', values['body-limit-mb'] ?? env.SKEIN_BODY_LIMIT_MB, 16, 4096) * 1024 * 1024;
const dbPath = values.db ?? env.SKEIN_DB ?? 'skein.db';
const ingest: IngestOptions = {
  corsOrigins: corsRaw
    ? corsRaw
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : undefined,
  maxSpansPerRequest: numberOption(
    'max-request-spans',
    values['max-request-spans'] ?? env.SKEIN_MAX_REQUEST_SPANS,
    100_000,
  ),
  plausibleWindowUs: numberOption('accept-days', values['accept-days'] ?? env.SKEIN_ACCEPT_DAYS, 366) * 86_400e6,
};
const store = new SpanStore({
  path: dbPath,
  retentionHours: numberOption('retention-hours', values['retention-hours'] ?? env.SKEIN_RETENTION_HOURS, 72),
  maxSpans: numberOption('max-spans', values['max-spans'] ?? env.SKEIN_MAX_SPANS, 1_000_000),
  // A file store's spans are written, and its calls between services counted, on the ingest thread.
  maintainDependencies: dbPath === ':memory:',
});

try {
  // In batches, between requests: a big store neither delays the start nor blocks answers.
  const retain = () =>
    store.enforceRetention().catch((error: unknown) => console.error(`retention failed: ${errorText(error)}`));
  void retain();
  const retention = setInterval(() => void retain(), 60_000);
  retention.unref();
  // Decoding and writing received spans run on their own thread (a file store; an in-memory one is this thread's
  // alone).
  const thread = dbPath === ':memory:' ? null : startIngestThread(dbPath, ingest);
  if (thread) ingest.exporter = thread.exporter;
  const { app, url } = await startServer({
    host: values.host ?? env.SKEIN_HOST ?? '127.0.0.1',
    port,
    staticDir: values.dist ?? env.SKEIN_DIST ?? 'dist',
    store,
    remotes,
    bodyLimitBytes,
    ingest,
    allowedHosts,
    basePath,
  });
  console.log(`Skein is running at ${url}`);
  console.log(`Send OTLP/HTTP traces to ${url}/v1/traces, Zipkin v2 to ${url}/api/v2/spans`);
  const host = values.host ?? env.SKEIN_HOST ?? '127.0.0.1';
  const closers: Array<() => Promise<void>> = thread ? [() => thread.close()] : [];
  if (otlpHttpPort !== null) {
    try {
      const otlp = await startOtlpHttp(store, { ...ingest, host, port: otlpHttpPort, bodyLimitBytes, allowedHosts });
      closers.push(() => otlp.app.close());
      console.log(`OTLP/HTTP (the SDKs' default) at ${otlp.url}/v1/traces`);
    } catch (error) {
      console.error(listenProblem('OTLP/HTTP', host, otlpHttpPort, error));
    }
  }
  if (otlpGrpcPort !== null) {
    try {
      const grpc = await startOtlpGrpc(store, { ...ingest, host, port: otlpGrpcPort, bodyLimitBytes });
      closers.push(() => stopGrpc(grpc.server));
      console.log(`OTLP/gRPC at ${grpc.address}`);
    } catch (error) {
      console.error(listenProblem('OTLP/gRPC', host, otlpGrpcPort, error));
    }
  }
  if (!values['no-demo'] && env.SKEIN_NO_DEMO !== '1' && store.isEmpty()) {
    // The demo instruments a few services with the OpenTelemetry SDK, exporting to this server.
    const { runDemo } = await import('./demo');
    runDemo({ baseUrl: url }).then(
      (requests) =>
        console.log(
          `The store was empty: added ${requests} demo requests from 5 services (start with --no-demo to skip).`,
        ),
      (error: unknown) => console.error(`The demo could not send its traces: ${errorText(error)}`),
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void Promise.all([app.close(), ...closers.map((close) => close())]).then(() => {
        store.close();
        process.exit(0);
      });
    });
  }
} catch (error) {
  console.error(`Skein could not start: ${errorText(error)}`);
  process.exit(1);
}
