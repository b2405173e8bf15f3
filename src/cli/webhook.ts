import type { Command } from 'commander';
import { Option } from 'commander';
import { sendText, startOpsServer } from '../infra/http/ops-server.ts';
import { createLogger } from '../infra/log/logger.ts';
import { createRegistry } from '../infra/metrics/registry.ts';
import { startWebhookServer, WEBHOOK_DEFAULTS } from '../../webhook/server.ts';
import { parsePort, parsePositiveInteger } from './options.ts';
import { onShutdownSignal } from './signals.ts';

interface WebhookOptions {
  cert: string;
  key: string;
  port: number;
  host?: string;
  autoscalerUsername: string;
  maxConnections: number;
  metricsHost: string;
  metricsPort: number;
  logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export function registerWebhook(program: Command): void {
  program
    .command('webhook')
    .description('serve the validating admission webhook over HTTPS until SIGTERM or SIGINT')
    .requiredOption('--cert <file>', 'PEM serving certificate (re-read when the file changes)')
    .requiredOption('--key <file>', 'PEM private key of that certificate')
    .option('--port <port>', 'HTTPS port of the admission endpoints, /healthz and /readyz', parsePort, WEBHOOK_DEFAULTS.port)
    .option('--host <address>', 'listen address (default: all interfaces)')
    .option('--autoscaler-username <user>', "the autoscaler's identity, whose node deletions the guard constrains", WEBHOOK_DEFAULTS.autoscalerUsername)
    .option('--max-connections <n>', 'connections served at once; more wait unread until one closes', parsePositiveInteger, WEBHOOK_DEFAULTS.maxConnections)
    .option('--metrics-host <address>', 'address of /metrics (plain HTTP)', '0.0.0.0')
    .option('--metrics-port <port>', 'port of /metrics', parsePort, 8080)
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .action(async (o: WebhookOptions) => {
      const logger = createLogger({ level: o.logLevel });
      const registry = createRegistry();
      // The metrics endpoint starts first: if the webhook cannot start, nothing is left listening.
      const metrics = await startOpsServer({ '/metrics': async (_req, res) => sendText(res, 200, await registry.metrics(), registry.contentType) }, { host: o.metricsHost, port: o.metricsPort });
      try {
        const server = await startWebhookServer({
          certFile: o.cert,
          keyFile: o.key,
          port: o.port,
          ...(o.host !== undefined ? { host: o.host } : {}),
          autoscalerUsername: o.autoscalerUsername,
          maxConnections: o.maxConnections,
          logger,
          registry,
        });
        logger.info({ metrics: metrics.url }, 'serving webhook metrics');
        const signal = await onShutdownSignal();
        logger.info({ signal }, 'shutting down');
        await server.close();
      } finally {
        await metrics.close();
      }
    });
}
