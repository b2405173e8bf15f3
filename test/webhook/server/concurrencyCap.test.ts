import type { Socket } from 'node:net';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReview, validNodeGroup } from '../support/admissionReviews.ts';
import { openRaw, statusOf, type RawConnection } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, waitUntil, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

/** A request whose headers and first byte are sent; the rest waits for `finish`. */
async function holdRequest(webhook: WebhookUnderTest): Promise<{ connection: RawConnection; finish(): void }> {
  const body = JSON.stringify(createReview(validNodeGroup()));
  const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
  connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 1)}`);
  return { connection, finish: () => connection.write(body.slice(1)) };
}

describe('concurrency cap', () => {
  let webhook: WebhookUnderTest;
  beforeAll(async () => {
    webhook = await startWebhookUnderTest({ maxConcurrentRequests: 2 });
  });
  afterAll(async () => {
    await webhook.stop();
  });
  const inFlight = async (): Promise<number | undefined> => metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests');

  it('answers requests beyond the cap with 429 and Retry-After, and serves again once capacity frees up', async () => {
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
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
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
    await waitUntil(async () => (await inFlight()) === 2, 5_000, 'two requests in flight');
    expect((await webhook.post('/validate/nodegroups', Buffer.alloc(1024 * 1024, 0x20))).status).toBe(413);
    for (const { connection } of held) connection.socket.destroy();
    await waitUntil(async () => (await inFlight()) === 0, 5_000, 'no request in flight');
  });

  it('does not count health probes against the cap', async () => {
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
    await waitUntil(async () => (await inFlight()) === 2, 5_000, 'two requests in flight');
    expect((await webhook.get('/readyz')).status).toBe(200);
    for (const { connection } of held) connection.socket.destroy();
    await waitUntil(async () => (await inFlight()) === 0, 5_000, 'no request in flight');
  });
});

/** A TLS connection attempt, watched: whether its handshake completed, and when it closed. */
function attempt(webhook: WebhookUnderTest): { secured: Promise<void>; isSecured(): boolean; closed: Promise<void>; socket: Socket } {
  let done = false;
  const socket = connect({ host: '127.0.0.1', port: webhook.server.port, ca: webhook.ca.certPem });
  socket.on('error', () => {});
  const secured = new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  void secured.then(() => (done = true));
  return { secured, isSecured: () => done, closed: new Promise((resolve) => socket.once('close', () => resolve())), socket };
}

/** Long enough for an admitted connection's handshake on loopback (a few ms) many times over. */
const HANDSHAKE_GRACE_MS = 300;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('connection cap', () => {
  let webhook: WebhookUnderTest;
  beforeAll(async () => {
    webhook = await startWebhookUnderTest({ maxConnections: 2, headersTimeoutMs: 1_500 });
  });
  afterAll(async () => {
    await webhook.stop();
  });
  const connections = async (state: string): Promise<number | undefined> => metricValue(webhook.registry, 'vpsie_autoscaler_webhook_connections', { state });

  it('holds a connection beyond the cap unserved until a slot frees, then serves it', async () => {
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
    const third = attempt(webhook);
    await waitUntil(async () => (await connections('waiting')) === 1, 5_000, 'one connection waiting');
    expect(await connections('active')).toBe(2);
    await pause(HANDSHAKE_GRACE_MS);
    expect(third.isSecured()).toBe(false);

    held[0]!.connection.socket.destroy();
    await third.secured;
    await waitUntil(async () => (await connections('waiting')) === 0, 5_000, 'no connection waiting');
    held[1]!.connection.socket.destroy();
    third.socket.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });

  it('answers with Connection: close while others wait, so the slot passes to the next connection', async () => {
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
    const third = attempt(webhook);
    await waitUntil(async () => (await connections('waiting')) === 1, 5_000, 'one connection waiting');

    held[0]!.finish();
    const head = await held[0]!.connection.responseHead();
    expect(statusOf(head)).toBe(200);
    expect(head.toLowerCase()).toContain('connection: close');
    await held[0]!.connection.closed;
    await third.secured;

    held[1]!.connection.socket.destroy();
    third.socket.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });

  it('closes the keep-alive connection idle the longest when a connection has to wait', async () => {
    const idle = [await openRaw(webhook.server.port, webhook.ca.certPem), await openRaw(webhook.server.port, webhook.ca.certPem)];
    for (const connection of idle) {
      connection.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(statusOf(await connection.responseHead())).toBe(200);
    }
    const third = attempt(webhook);
    await third.secured;
    await idle[0]!.closed;
    expect(idle[1]!.socket.destroyed).toBe(false);
    for (const connection of [idle[1]!.socket, third.socket]) connection.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });

  it('never closes a connection that has yet to send its first request to make room', async () => {
    const fresh = [await openRaw(webhook.server.port, webhook.ca.certPem), await openRaw(webhook.server.port, webhook.ca.certPem)];
    const third = attempt(webhook);
    await waitUntil(async () => (await connections('waiting')) === 1, 5_000, 'one connection waiting');
    await pause(HANDSHAKE_GRACE_MS);
    expect(fresh.map((connection) => connection.socket.destroyed)).toEqual([false, false]);

    const body = JSON.stringify(createReview(validNodeGroup()));
    fresh[0]!.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const head = await fresh[0]!.responseHead();
    expect(statusOf(head)).toBe(200);
    expect(head.toLowerCase()).toContain('connection: close');
    await third.secured;
    for (const socket of [fresh[1]!.socket, third.socket]) socket.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });

  it('still lingers after a 413 while connections wait, so a client sending its refused body is not reset', async () => {
    const held = await holdRequest(webhook);
    const refused = await openRaw(webhook.server.port, webhook.ca.certPem);
    const third = attempt(webhook);
    await waitUntil(async () => (await connections('waiting')) === 1, 5_000, 'one connection waiting');

    const body = Buffer.alloc(4 * 1024 * 1024, 0x20);
    refused.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    refused.write(body);
    await refused.closed;
    expect(statusOf(refused.received())).toBe(413);
    expect(refused.received().toLowerCase()).not.toContain('connection: close');
    expect(refused.errors).toEqual([]);

    await third.secured;
    for (const socket of [held.connection.socket, third.socket]) socket.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });

  it('closes a connection that waited longer than the header timeout, and counts it', async () => {
    const before = (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_connection_wait_timeouts_total')) ?? 0;
    const held = [await holdRequest(webhook), await holdRequest(webhook)];
    const third = attempt(webhook);
    await third.closed;
    expect(third.isSecured()).toBe(false);
    expect(await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_connection_wait_timeouts_total')).toBe(before + 1);
    expect(await connections('waiting')).toBe(0);
    for (const { connection } of held) connection.socket.destroy();
    await waitUntil(async () => (await connections('active')) === 0, 5_000, 'no connection active');
  });
});

describe('connection cap on close', () => {
  it('closes connections still waiting for a slot when the server closes', async () => {
    const webhook = await startWebhookUnderTest({ maxConnections: 1, shutdownTimeoutMs: 200 });
    const held = await holdRequest(webhook);
    const waiting = attempt(webhook);
    await waitUntil(async () => (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_connections', { state: 'waiting' })) === 1, 5_000, 'one connection waiting');
    await webhook.stop();
    await waiting.closed;
    expect(waiting.isSecured()).toBe(false);
    await held.connection.closed;
  });
});
