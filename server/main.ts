// `npm start` runs this after building the app: one process on 127.0.0.1 that
// serves the app, receives traces (OTLP/HTTP, Zipkin) and answers a
// Jaeger-compatible query API over a SQLite file.
import { parseArgs } from 'node:util';
import { startServer, type Remote } from './app';
import { SpanStore } from './span-store';

const HELP = `Skein — trace viewer and local trace store

Usage: npm start -- [options]

Options (each also as an environment variable):
  --port <n>              port to listen on (SKEIN_PORT, default 8686; 0 picks a free one)
  --host <addr>           address to bind (SKEIN_HOST, default 127.0.0.1)
  --db <path>             SQLite file for received traces (SKEIN_DB, default ./skein.db; ":memory:" keeps nothing)
  --retention-hours <n>   delete spans older than this (SKEIN_RETENTION_HOURS, default 72; 0 keeps all)
  --max-spans <n>         keep at most this many spans, oldest traces go first (SKEIN_MAX_SPANS, default 1000000; 0 = no limit)
  --body-limit-mb <n>     largest request body accepted (SKEIN_BODY_LIMIT_MB, default 16)
  --dist <dir>            the built app to serve (SKEIN_DIST, default ./dist)
  --no-demo               do not fill an empty store with demo traffic (SKEIN_NO_DEMO=1)
  --jaeger <url>          also search this Jaeger query service (SKEIN_JAEGER_URL), e.g. http://localhost:16686
  --zipkin <url>          also search this Zipkin server (SKEIN_ZIPKIN_URL), e.g. http://localhost:9411
  --tempo <url>           also search this Tempo query frontend (SKEIN_TEMPO_URL), e.g. http://localhost:3200
  -h, --help              show this help

Send traces: OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port> (OTLP/HTTP, JSON or protobuf),
or Zipkin v2 JSON to http://127.0.0.1:<port>/api/v2/spans.
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'retention-hours': { type: 'string' },
    'max-spans': { type: 'string' },
    'body-limit-mb': { type: 'string' },
    dist: { type: 'string' },
    'no-demo': { type: 'boolean' },
    jaeger: { type: 'string' },
    zipkin: { type: 'string' },
    tempo: { type: 'string' },
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
for (const [kind, raw] of [['jaeger', values.jaeger ?? env.SKEIN_JAEGER_URL], ['zipkin', values.zipkin ?? env.SKEIN_ZIPKIN_URL], ['tempo', values.tempo ?? env.SKEIN_TEMPO_URL]] as const) {
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
const port = numberOption('port', values.port ?? env.SKEIN_PORT, 8686, 65535);
const store = new SpanStore({
  path: values.db ?? env.SKEIN_DB ?? 'skein.db',
  retentionHours: numberOption('retention-hours', values['retention-hours'] ?? env.SKEIN_RETENTION_HOURS, 72),
  maxSpans: numberOption('max-spans', values['max-spans'] ?? env.SKEIN_MAX_SPANS, 1_000_000),
});

try {
  store.enforceRetention();
  const retention = setInterval(() => store.enforceRetention(), 60_000);
  retention.unref();
  const { app, url } = await startServer({
    host: values.host ?? env.SKEIN_HOST ?? '127.0.0.1',
    port,
    staticDir: values.dist ?? env.SKEIN_DIST ?? 'dist',
    store,
    remotes,
    bodyLimitBytes: numberOption('body-limit-mb', values['body-limit-mb'] ?? env.SKEIN_BODY_LIMIT_MB, 16) * 1024 * 1024,
  });
  console.log(`Skein is running at ${url}`);
  console.log(`Send OTLP/HTTP traces to ${url}/v1/traces, Zipkin v2 to ${url}/api/v2/spans`);
  if (!values['no-demo'] && env.SKEIN_NO_DEMO !== '1' && store.spanCount() === 0) {
    // The demo instruments a few services with the OpenTelemetry SDK, exporting to this server.
    const { runDemo } = await import('./demo');
    runDemo({ baseUrl: url }).then(
      (requests) => console.log(`The store was empty: added ${requests} demo requests from 5 services (start with --no-demo to skip).`),
      (error: unknown) => console.error(`The demo could not send its traces: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void app.close().then(() => {
        store.close();
        process.exit(0);
      });
    });
  }
} catch (error) {
  console.error(`Skein could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
