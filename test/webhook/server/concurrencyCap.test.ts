import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReview, validNodeGroup } from '../support/admissionReviews.ts';
import { openRaw, statusOf, type RawConnection } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, waitUntil, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest({ maxConcurrentRequests: 2 });
});
afterAll(async () => {
  await webhook.stop();
});

/** A request whose headers and first byte are sent; the rest waits for `finish`. */
async function holdRequest(): Promise<{ connection: RawConnection; finish(): void }> {
  const body = JSON.stringify(createReview(validNodeGroup()));
  const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
  connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 1)}`);
  return { connection, finish: () => connection.write(body.slice(1)) };
}

const inFlight = async (): Promise<number | undefined> => metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests');

describe('concurrency cap', () => {
  it('answers requests beyond the cap with 429 and Retry-After, and serves again once capacity frees up', async () => {
    const held = [await holdRequest(), await holdRequest()];
    await waitUntil(async () => (await inFlight()) === 2, 5_000, 'two requests in flight');

    const refused = await webhook.post('/validate/nodegroups', createReview(validNodeGroup()));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({ code: 429, message: 'too many concurrent admission requests' });

    for (const request of held) request.finish();
    for (const { connection } of held) expect(statusOf(await connection.responseHead())).toBe(200);
    await waitUntil(async () => (await inFlight()) === 0, 5_000, 'no request in flight');

    expect((await webhook.post('/validate/nodegroups', createReview(validNodeGroup()))).status).toBe(200);
    for (const { connection } of held) connection.socket.destroy();
  });

  it('still answers an oversized request with 413 when the cap is reached', async () => {
    const held = [await holdRequest(), await holdRequest()];
    await waitUntil(async () => (await inFlight()) === 2, 5_000, 'two requests in flight');
    expect((await webhook.post('/validate/nodegroups', Buffer.alloc(1024 * 1024, 0x20))).status).toBe(413);
    for (const { connection } of held) connection.socket.destroy();
    await waitUntil(async () => (await inFlight()) === 0, 5_000, 'no request in flight');
  });

  it('does not count health probes against the cap', async () => {
    const held = [await holdRequest(), await holdRequest()];
    await waitUntil(async () => (await inFlight()) === 2, 5_000, 'two requests in flight');
    expect((await webhook.get('/readyz')).status).toBe(200);
    for (const { connection } of held) connection.socket.destroy();
    await waitUntil(async () => (await inFlight()) === 0, 5_000, 'no request in flight');
  });
});
