// Where OpenTelemetry SDKs send when no endpoint is set: OTLP/HTTP on 4318 and
// OTLP/gRPC on 4317. Each listener is optional, and a port that is taken is
// reported in one sentence while the rest of Skein starts anyway.
import * as grpc from '@grpc/grpc-js';
import Fastify, { type FastifyInstance } from 'fastify';
import { DropCounter, exportTraces, registerBodyParsers, registerIngest, type IngestOptions } from './ingest';
import { encodeTraceResponse } from '../src/formats/otlp/otlp-proto';
import { registerSecurity } from './security';
import type { SpanStore } from './span-store';
import { errorText } from '../src/model/text';

export const OTLP_HTTP_PORT = 4318;
export const OTLP_GRPC_PORT = 4317;

/** Why a listener did not start, as a person reads it. */
export function listenProblem(what: string, host: string, port: number, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const detail = errorText(error);
  if (code === 'EADDRINUSE' || /address already in use|EADDRINUSE|No address added out of total/i.test(detail)) {
    return `${what} is not listening: ${host}:${port} is taken by another program (an OpenTelemetry Collector?). Stop it, or choose another port with --otlp-${what.endsWith('gRPC') ? 'grpc' : 'http'}-port (off turns it off). The rest of Skein runs.`;
  }
  if (code === 'EACCES') return `${what} is not listening: no permission to bind ${host}:${port}.`;
  return `${what} is not listening on ${host}:${port}: ${detail}`;
}

/** OTLP/HTTP alone (traces, logs, metrics; CORS) on its own port. */
export async function startOtlpHttp(
  store: SpanStore,
  options: IngestOptions & { host: string; port: number; bodyLimitBytes: number; allowedHosts?: string[] },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes, forceCloseConnections: true });
  registerSecurity(app, { boundHost: options.host, allowedHosts: options.allowedHosts });
  registerBodyParsers(app);
  registerIngest(app, store, options);
  app.get('/healthz', async () => ({ ok: true }));
  try {
    const url = await app.listen({ host: options.host, port: options.port });
    return { app, url: url.replace('[::1]', '127.0.0.1') };
  } catch (error) {
    await app.close();
    throw error;
  }
}

const identity = (bytes: Buffer) => bytes;

function unary(path: string): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

/**
 * OTLP/gRPC: opentelemetry.proto.collector.{trace,logs,metrics}.v1 Export,
 * messages as raw bytes (decoded by the same schema as OTLP/HTTP protobuf).
 * gzip-compressed messages are taken as grpc-js takes them.
 */
export async function startOtlpGrpc(
  store: SpanStore,
  options: IngestOptions & { host: string; port: number; bodyLimitBytes: number },
): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': options.bodyLimitBytes });
  const drops = new DropCounter(options.log ?? ((line: string) => console.log(line)));
  server.addService(
    { Export: unary('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
    {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const body = new Uint8Array(call.request.buffer, call.request.byteOffset, call.request.byteLength);
        (options.exporter ? options.exporter(body, 'protobuf') : exportTraces(store, body, options)).then(
          (answer) => {
            if (!answer.ok)
              callback({
                code:
                  answer.status === 413
                    ? grpc.status.RESOURCE_EXHAUSTED
                    : answer.status === 503
                      ? grpc.status.UNAVAILABLE
                      : grpc.status.INVALID_ARGUMENT,
                details: answer.message,
              });
            else callback(null, Buffer.from(encodeTraceResponse(answer.rejected, answer.message)));
          },
          (error: unknown) =>
            callback({ code: grpc.status.UNAVAILABLE, details: `the spans could not be stored: ${errorText(error)}` }),
        );
      },
    },
  );
  for (const signal of ['logs', 'metrics'] as const) {
    const service =
      signal === 'logs'
        ? 'opentelemetry.proto.collector.logs.v1.LogsService'
        : 'opentelemetry.proto.collector.metrics.v1.MetricsService';
    server.addService(
      { Export: unary(`/${service}/Export`) },
      {
        Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
          drops.add(signal, call.request.length);
          callback(null, Buffer.alloc(0));
        },
      },
    );
  }
  // A port that is taken is reported by the caller in one sentence; grpc-js would log its own line too.
  grpc.setLogVerbosity(grpc.logVerbosity.NONE);
  const bound = await new Promise<number>((resolvePort, reject) => {
    server.bindAsync(
      `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, port) => (error ? reject(error) : resolvePort(port)),
    );
  }).finally(() => grpc.setLogVerbosity(grpc.logVerbosity.ERROR));
  return { server, address: `${options.host}:${bound}` };
}

/** Stops a gRPC server: waits for calls in flight a moment, then ends them. */
export async function stopGrpc(server: grpc.Server): Promise<void> {
  await new Promise<void>((done) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      done();
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      done();
    });
  });
}
