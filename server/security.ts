// What every response of the server carries, and which requests it answers at
// all. A page on another site must not read or write the store: not by DNS
// rebinding (the Host header must name this server), not by framing the app
// (frame-ancestors 'none'), not by getting script to run as Skein's origin
// (a content security policy; remote bodies are never served as HTML).
import type { FastifyInstance } from 'fastify';
import { hostname, networkInterfaces } from 'node:os';

/** The app's content security policy: its own scripts, styles, workers and WebAssembly, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'", // the page's <base href> names the base path it is served under
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface HostOptions {
  /** The address the server is bound to. */
  boundHost: string;
  /** More names this server is reached by (a proxy's, a container's); `*` accepts any Host. */
  allowedHosts?: readonly string[];
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1', '[::1]'];

/**
 * The names a Host header may carry: loopback, the bound address, and when bound to every interface, this machine's
 * names and addresses.
 */
export function hostNames(options: HostOptions): Set<string> | null {
  if (options.allowedHosts?.includes('*')) return null;
  const names = new Set<string>(LOOPBACK);
  const bound = options.boundHost.toLowerCase();
  names.add(bound);
  if (bound === '0.0.0.0' || bound === '::' || bound === '[::]') {
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address);
  }
  for (const extra of options.allowedHosts ?? []) names.add(extra.toLowerCase());
  return names;
}

/** The host part of a Host header (no port), lower case; IPv6 keeps its brackets. */
export function hostOf(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end === -1 ? text : text.slice(0, end + 1);
  }
  const colon = text.lastIndexOf(':');
  return colon === -1 ? text : text.slice(0, colon);
}

export function registerSecurity(app: FastifyInstance, options: HostOptions): void {
  const names = hostNames(options);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!names) return;
    const host = hostOf(String(request.headers.host ?? ''));
    if (names.has(host) || names.has(host.replace(/^\[|\]$/g, ''))) return;
    return reply
      .code(421)
      .type('text/plain; charset=utf-8')
      .send(
        `Skein answers only to its own names; "${host.slice(0, 100)}" is not one of them. Start it with --allowed-hosts ${host.slice(0, 100) || '<name>'} to allow it.`,
      );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
