import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { createLogger } from '../../../src/infra/log/logger.ts';
import { createRegistry } from '../../../src/infra/metrics/registry.ts';
import { createLoopbackTls, type CertificateAuthority, type KeyPair } from '../../../src/sim/certs.ts';
import { startWebhookServer, type WebhookServer, type WebhookServerOptions } from '../../../webhook/server.ts';

export type LogLine = Record<string, unknown> & { msg?: string };

export interface WebhookUnderTest {
  readonly server: WebhookServer;
  readonly ca: CertificateAuthority;
  readonly serving: KeyPair;
  readonly certFile: string;
  readonly keyFile: string;
  readonly certDir: string;
  readonly registry: Registry;
  readonly logs: LogLine[];
  readonly agent: Agent;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  get(path: string): Promise<HttpReply>;
  stop(): Promise<void>;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json(): unknown;
}

type Overrides = Partial<Omit<WebhookServerOptions, 'certFile' | 'keyFile' | 'logger' | 'registry'>> & {
  /** Lay the PEMs out as the kubelet mounts a Secret: files that are symlinks through `..data`. */
  readonly secretVolume?: boolean;
};

/** A webhook on 127.0.0.1 with a fresh CA, its PEMs in a temporary directory and its logs captured. */
export async function startWebhookUnderTest({ secretVolume = false, ...overrides }: Overrides = {}): Promise<WebhookUnderTest> {
  const { ca, server: serving } = createLoopbackTls();
  const certDir = mkdtempSync(join(tmpdir(), 'vpsie-webhook-'));
  const certFile = join(certDir, 'tls.crt');
  const keyFile = join(certDir, 'tls.key');
  if (secretVolume) {
    writeSecretVolume(certDir, serving);
    symlinkSync('..data/tls.crt', certFile);
    symlinkSync('..data/tls.key', keyFile);
  } else {
    writeFileSync(certFile, serving.certPem);
    writeFileSync(keyFile, serving.keyPem);
  }
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const registry = createRegistry({ defaultMetrics: false });
  const server = await startWebhookServer({
    certFile,
    keyFile,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ destination, level: 'info' }),
    registry,
    ...overrides,
  });
  const agent = new Agent({ connect: { ca: ca.certPem } });
  const send = async (path: string, init: Parameters<typeof request>[1]): Promise<HttpReply> => {
    const response = await request(`${server.url}${path}`, { ...init, dispatcher: agent });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
  };
  return {
    server,
    ca,
    serving,
    certFile,
    keyFile,
    certDir,
    registry,
    logs,
    agent,
    post: (path, body, headers = { 'content-type': 'application/json' }) =>
      send(path, { method: 'POST', headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    get: (path) => send(path, { method: 'GET' }),
    async stop() {
      if (!agent.closed) await agent.close();
      await server.close();
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** The value of one series, e.g. `metricValue(registry, 'vpsie_autoscaler_webhook_requests_total', { result: 'denied' })`. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  const { values } = await metric.get();
  const found = values.find((entry) => Object.entries(labels).every(([key, value]) => (entry.labels as Record<string, unknown>)[key] === value));
  return found?.value;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * What the kubelet does when a mounted Secret changes: write the new files into a fresh hidden
 * directory, point a temporary symlink at it, and rename that over `..data` in one step.
 */
export function writeSecretVolume(certDir: string, pair: KeyPair): void {
  const version = `..${randomUUID()}`;
  mkdirSync(join(certDir, version));
  writeFileSync(join(certDir, version, 'tls.crt'), pair.certPem);
  writeFileSync(join(certDir, version, 'tls.key'), pair.keyPem);
  symlinkSync(version, join(certDir, '..data_tmp'));
  renameSync(join(certDir, '..data_tmp'), join(certDir, '..data'));
}
