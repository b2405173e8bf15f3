import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Socket } from 'node:net';
import { CertificateReloader, checkServingCertificate, readServingCertificate, serialOf } from './certificateReloader.ts';
import { ConnectionGate } from './connectionGate.ts';
import { createWebhookMetrics } from './metrics.ts';
import { WebhookRequestHandler } from './requestHandler.ts';
import { secureContextOptions } from './tlsPolicy.ts';

export interface WebhookServerOptions {
  /** PEM files of the serving certificate and key; re-read when they change. */
  readonly certFile: string;
  readonly keyFile: string;
  /** 9443 by default; 0 picks a free port (tests). */
  readonly port?: number;
  /** Listen address; all interfaces when omitted. */
  readonly host?: string;
  /** Whose node deletions the guard constrains. */
  readonly autoscalerUsername?: string;
  readonly maxBodyBytes?: number;
  readonly maxConcurrentRequests?: number;
  /** Connections served at once; more wait, unread, until one closes. */
  readonly maxConnections?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly certReloadIntervalMs?: number;
  /** How long close() lets in-flight requests finish before cutting their connections. */
  readonly shutdownTimeoutMs?: number;
  readonly logger: Logger;
  readonly registry: Registry;
}

export interface WebhookServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>;
}

export const WEBHOOK_DEFAULTS = {
  port: 9443,
  autoscalerUsername: 'system:serviceaccount:kube-system:vpsie-autoscaler',
  maxBodyBytes: 128 * 1024,
  // 256 × 128 KiB bounds buffered bodies at 32 MiB.
  maxConcurrentRequests: 256,
  // Bounds TLS state and read buffers at a few hundred KiB per busy connection (a connection draining
  // a refused body holds the most). Each connection carries one request at a time, so this also
  // bounds requests in flight: 64 × ~100 µs a review is ~10,000 reviews/s, far above what an API
  // server asks of this webhook.
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  // The API server gives a webhook 10 s by default; a body that takes longer is not coming.
  bodyTimeoutMs: 10_000,
  // Longer than the API server client's 90 s idle timeout, so the client, not the server, closes
  // an idle connection: a server-side close racing a reused connection fails the admission call.
  keepAliveTimeoutMs: 120_000,
  certReloadIntervalMs: 5_000,
  shutdownTimeoutMs: 10_000,
} as const;

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlFor(host: string | undefined, port: number): string {
  const shown = host === undefined || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `https://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const settings = { ...WEBHOOK_DEFAULTS, ...withoutUndefined(options) };
  const { logger } = options;
  const certificate = await readServingCertificate(options);
  checkServingCertificate(certificate);
  const metrics = createWebhookMetrics(options.registry);
  const gate = new ConnectionGate({
    maxConnections: settings.maxConnections,
    waitTimeoutMs: settings.headersTimeoutMs,
    serve: (socket) => startTls(socket),
    onChange: (active, waiting) => metrics.setConnections(active, waiting),
    onWaitTimeout: () => metrics.recordConnectionWaitTimeout(),
  });
  const handler = new WebhookRequestHandler({
    maxBodyBytes: settings.maxBodyBytes,
    bodyTimeoutMs: settings.bodyTimeoutMs,
    maxConcurrentRequests: settings.maxConcurrentRequests,
    admission: { autoscalerUsername: settings.autoscalerUsername },
    logger,
    metrics,
    connections: gate,
  });
  const server = createServer(
    {
      ...secureContextOptions(certificate),
      // The gate decides when a connection starts being read.
      pauseOnConnect: true,
      handshakeTimeout: settings.headersTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      // A backstop behind the handler's own body deadline.
      requestTimeout: settings.headersTimeoutMs + settings.bodyTimeoutMs + 1_000,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      // Node enforces headersTimeout only when it sweeps connections; sweep often enough.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(settings.headersTimeoutMs / 4))),
    },
    handler.handle,
  );
  const startTls = putInFront(server, gate.accept);
  server.on('tlsClientError', (error: Error) => {
    metrics.recordHandshakeFailure();
    logger.debug({ reason: error.message }, 'webhook TLS handshake failed');
  });
  const reloader = new CertificateReloader({
    certFile: options.certFile,
    keyFile: options.keyFile,
    current: certificate,
    intervalMs: settings.certReloadIntervalMs,
    logger,
    onChange: (next) => {
      server.setSecureContext(secureContextOptions(next));
      metrics.recordCertificateReload('success');
    },
    onFailure: () => metrics.recordCertificateReload('failure'),
  });
  await listen(server, settings.port, options.host);
  reloader.start();
  const port = (server.address() as AddressInfo).port;
  const url = urlFor(options.host, port);
  logger.info({ url, serial: serialOf(certificate.certPem), maxConnections: settings.maxConnections }, 'admission webhook listening');

  let closing: Promise<void> | undefined;
  const shutdown = async (): Promise<void> => {
    handler.startDraining();
    reloader.stop();
    gate.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), settings.shutdownTimeoutMs);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
    logger.info({ url }, 'admission webhook stopped');
  };
  return {
    port,
    url,
    close: () => (closing ??= shutdown()),
  };
}

/**
 * Makes `accept` the TLS server's connection listener, and returns the server's own (which starts
 * the TLS handshake) for the connections `accept` lets through.
 */
function putInFront(server: Server, accept: (socket: Socket) => void): (socket: Socket) => void {
  const startTls = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', accept);
  return (socket) => {
    for (const listener of startTls) listener.call(server, socket);
  };
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
