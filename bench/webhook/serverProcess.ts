/**
 * The webhook under test, in a process of its own so that each run starts from a fresh heap and
 * its resident memory is the server's alone. Driven over IPC by main.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/infra/log/logger.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { createLoopbackTls } from '../../src/sim/certs.ts';
import { startWebhookServer } from '../../webhook/server.ts';

export type ServerCommand = 'start-rss-sampling' | 'stop-rss-sampling' | 'close';
export type ServerReport = { kind: 'listening'; url: string; caPem: string } | { kind: 'rss-growth'; bytes: number } | { kind: 'closed' };

const send = (report: ServerReport): void => {
  process.send?.(report);
};

const { ca, server: serving } = createLoopbackTls();
const dir = mkdtempSync(join(tmpdir(), 'webhook-bench-'));
writeFileSync(join(dir, 'tls.crt'), serving.certPem);
writeFileSync(join(dir, 'tls.key'), serving.keyPem);
const server = await startWebhookServer({
  certFile: join(dir, 'tls.crt'),
  keyFile: join(dir, 'tls.key'),
  port: 0,
  host: '127.0.0.1',
  logger: createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) }),
  registry: createRegistry({ defaultMetrics: false }),
});

let baseline = 0;
let peak = 0;
let sampler: NodeJS.Timeout | undefined;

process.on('message', (command: ServerCommand) => {
  switch (command) {
    case 'start-rss-sampling':
      (globalThis as { gc?: () => void }).gc?.();
      baseline = process.memoryUsage.rss();
      peak = baseline;
      sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 5);
      return;
    case 'stop-rss-sampling':
      clearInterval(sampler);
      send({ kind: 'rss-growth', bytes: Math.max(peak, process.memoryUsage.rss()) - baseline });
      return;
    case 'close':
      void server.close().then(() => {
        rmSync(dir, { recursive: true, force: true });
        send({ kind: 'closed' });
        process.disconnect();
      });
  }
});

send({ kind: 'listening', url: server.url, caPem: ca.certPem });
