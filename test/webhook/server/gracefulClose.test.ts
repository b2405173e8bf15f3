import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createReview, validNodeGroup } from '../support/admissionReviews.ts';
import { openRaw, statusOf } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, waitUntil } from '../support/webhookUnderTest.ts';

function tcpConnect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('graceful close', () => {
  it('stops accepting, finishes the request in flight, then resolves', async () => {
    const webhook = await startWebhookUnderTest();
    const body = JSON.stringify(createReview(validNodeGroup()));
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await waitUntil(async () => (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests')) === 1, 5_000, 'the request in flight');

    await webhook.agent.close();
    let closed = false;
    const closing = webhook.server.close().then(() => {
      closed = true;
    });
    expect(await tcpConnect(webhook.server.port)).toBe('ECONNREFUSED');
    expect(closed).toBe(false);

    connection.write(body.slice(10));
    const head = await connection.responseHead();
    expect(statusOf(head)).toBe(200);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(connection.received()).toContain('"allowed":true');
    await closing;
    expect(closed).toBe(true);
    await webhook.stop();
  });

  it('closes idle keep-alive connections at once', async () => {
    const webhook = await startWebhookUnderTest();
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statusOf(await connection.responseHead())).toBe(200);
    await webhook.agent.close();
    const started = Date.now();
    await webhook.server.close();
    await connection.closed;
    expect(Date.now() - started).toBeLessThan(2_000);
    await webhook.stop();
  });

  it('cuts connections still busy after the shutdown deadline', async () => {
    const webhook = await startWebhookUnderTest({ shutdownTimeoutMs: 200 });
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    await waitUntil(async () => (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests')) === 1, 5_000, 'the request in flight');
    await webhook.agent.close();
    await webhook.server.close();
    await connection.closed;
    await webhook.stop();
  });

  it('can be called twice', async () => {
    const webhook = await startWebhookUnderTest();
    await webhook.agent.close();
    await Promise.all([webhook.server.close(), webhook.server.close()]);
    await webhook.stop();
  });
});
