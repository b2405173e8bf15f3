import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, statusOf } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, waitUntil, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

const HEADERS_TIMEOUT_MS = 400;
const BODY_TIMEOUT_MS = 300;
let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest({ headersTimeoutMs: HEADERS_TIMEOUT_MS, bodyTimeoutMs: BODY_TIMEOUT_MS });
});
afterAll(async () => {
  await webhook.stop();
});

/** Resolves with how long the server took to close the connection, or rejects after `limitMs`. */
async function closedWithin(closed: Promise<void>, limitMs: number): Promise<number> {
  const started = Date.now();
  await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error(`still open after ${limitMs} ms`)), limitMs))]);
  return Date.now() - started;
}

describe('slow clients', () => {
  it('cuts off a body that trickles in slower than the body deadline, with 408', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"req');
    const trickle = setInterval(() => connection.write(' '), 50);
    try {
      await closedWithin(connection.closed, 3_000);
    } finally {
      clearInterval(trickle);
    }
    expect(statusOf(connection.received())).toBe(408);
    expect(await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_requests_total', { path: '/validate/nodegroups', result: 'request_timeout' })).toBe(1);
  });

  it('closes a connection whose headers never finish', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => connection.write('X-Slow: 1\r\n'), 50);
    try {
      await closedWithin(connection.closed, 3_000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes a connection that completes the handshake and sends nothing', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    await closedWithin(connection.closed, 3_000);
  });

  it('still answers other clients while slow ones are pending', async () => {
    const slow = await openRaw(webhook.server.port, webhook.ca.certPem);
    slow.write('POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
    expect((await webhook.get('/healthz')).status).toBe(200);
    await slow.closed;
  });

  it('frees the slot of a client that disconnects mid-body and counts it as aborted', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('POST /validate/vpsienodes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"re');
    await waitUntil(async () => (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests')) === 1, 5_000, 'the request in flight');
    connection.socket.destroy();
    await waitUntil(async () => (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests')) === 0, 5_000, 'the slot freed');
    expect(await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_requests_total', { path: '/validate/vpsienodes', result: 'aborted' })).toBe(1);
  });
});
