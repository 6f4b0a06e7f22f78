// `npm start` runs this after building the app: one process on 127.0.0.1.
import { parseArgs } from 'node:util';
import { startServer } from './app';

const HELP = `Skein — trace viewer server

Usage: npm start -- [options]

Options:
  --port <n>     port to listen on (env SKEIN_PORT, default 8686; 0 picks a free one)
  --host <addr>  address to bind (env SKEIN_HOST, default 127.0.0.1)
  --dist <dir>   the built app to serve (env SKEIN_DIST, default ./dist)
  -h, --help     show this help
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    dist: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const port = Number(values.port ?? process.env.SKEIN_PORT ?? 8686);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, not "${values.port ?? process.env.SKEIN_PORT}"`);
  process.exit(2);
}

try {
  const { app, url } = await startServer({
    host: values.host ?? process.env.SKEIN_HOST ?? '127.0.0.1',
    port,
    staticDir: values.dist ?? process.env.SKEIN_DIST ?? 'dist',
  });
  console.log(`Skein is running at ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`Skein could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
