import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/infra/log/logger.ts';
import { createRegistry } from '../../../src/infra/metrics/registry.ts';
import { createWebhookMetrics } from '../../../webhook/metrics.ts';
import { WebhookRequestHandler } from '../../../webhook/requestHandler.ts';
import { startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

describe('health endpoints over HTTPS', () => {
  let webhook: WebhookUnderTest;
  beforeAll(async () => {
    webhook = await startWebhookUnderTest();
  });
  afterAll(async () => {
    await webhook.stop();
  });

  it('answers GET /healthz with 200', async () => {
    const reply = await webhook.get('/healthz');
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with 200 while serving', async () => {
    const reply = await webhook.get('/readyz');
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /healthz?verbose with 200', async () => {
    expect((await webhook.get('/healthz?verbose')).status).toBe(200);
  });
});

describe('readiness while draining', () => {
  // Once close() starts no new connection is accepted, so the draining handler is exercised on
  // a plain HTTP server of its own.
  let server: Server;
  let handler: WebhookRequestHandler;
  let url: string;
  beforeAll(async () => {
    handler = new WebhookRequestHandler({
      maxBodyBytes: 1024,
      bodyTimeoutMs: 1_000,
      maxConcurrentRequests: 4,
      admission: { autoscalerUsername: 'system:serviceaccount:kube-system:vpsie-autoscaler' },
      logger: createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) }),
      metrics: createWebhookMetrics(createRegistry({ defaultMetrics: false })),
      connections: { hasWaiting: false, busy: () => undefined, idle: () => undefined },
    });
    server = createServer(handler.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports not ready and closes connections once draining starts, while /healthz stays ok', async () => {
    handler.startDraining();
    const ready = await request(`${url}/readyz`);
    expect(ready.statusCode).toBe(503);
    expect(ready.headers.connection).toBe('close');
    expect(await ready.body.json()).toEqual({ status: 'shutting down' });
    const live = await request(`${url}/healthz`);
    expect(live.statusCode).toBe(200);
    await live.body.dump();
  });
});
