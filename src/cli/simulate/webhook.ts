import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Logger } from '../../infra/log/logger.ts';
import { createCertificateAuthority } from '../../sim/certs.ts';
import { WEBHOOK_SERVICE } from '../../sim/deploy-access.ts';
import { startWebhookServer, type WebhookServer } from '../../../webhook/server.ts';

export interface SimulatedWebhook {
  readonly server: WebhookServer;
  /** The CA the API server is to trust for the webhook (its caBundle). */
  readonly caPem: string;
  /** Where the simulated API server finds the webhook's Service. */
  resolveService(namespace: string, name: string, port: number): string | undefined;
  close(): Promise<void>;
}

/**
 * The admission webhook as deployed: its own HTTPS server with a certificate for the Service's
 * DNS name, issued by a CA made for this run, which the API server verifies as a real one would.
 */
export async function startSimulatedWebhook(dir: string, log: Logger, registry: Registry): Promise<SimulatedWebhook> {
  const ca = createCertificateAuthority('vpsie-autoscaler-simulate-webhook-ca');
  const serving = ca.issue({ dns: [WEBHOOK_SERVICE.host] });
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  writeFileSync(certFile, serving.certPem);
  writeFileSync(keyFile, serving.keyPem, { mode: 0o600 });
  const server = await startWebhookServer({ certFile, keyFile, port: 0, host: '127.0.0.1', logger: log, registry });
  return {
    server,
    caPem: ca.certPem,
    resolveService: (namespace, name, port) => (namespace === WEBHOOK_SERVICE.namespace && name === WEBHOOK_SERVICE.name && port === WEBHOOK_SERVICE.port ? server.url : undefined),
    close: () => server.close(),
  };
}
