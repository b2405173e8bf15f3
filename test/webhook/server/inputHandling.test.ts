import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSCALER, createReview, validNodeGroup } from '../support/admissionReviews.ts';
import { openRaw, statusOf } from '../support/rawTls.ts';
import { startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

const LIMIT = 128 * 1024;
let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
});
afterAll(async () => {
  await webhook.stop();
});

function json(contentType: string): Record<string, string> {
  return { 'content-type': contentType };
}

/** A valid review padded with trailing whitespace to exactly `size` bytes. */
function reviewOfSize(size: number): Buffer {
  const text = JSON.stringify(createReview(validNodeGroup()));
  return Buffer.from(text + ' '.repeat(size - Buffer.byteLength(text)));
}

describe('method', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s on an admission path with 405 and Allow: POST', async (method) => {
    const response = await request(`${webhook.server.url}/validate/nodegroups`, { method: method as 'GET', dispatcher: webhook.agent });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(await response.body.json()).toEqual({ code: 405, message: '/validate/nodegroups accepts POST only' });
  });

  it('answers POST on /healthz with 405 and Allow: GET', async () => {
    const reply = await webhook.post('/healthz', '{}');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
  });
});

describe('media type', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'application/jsonx', 'application/json; charset=latin1'])(
    'refuses %s with 415',
    async (contentType) => {
      const reply = await webhook.post('/validate/nodegroups', createReview(validNodeGroup()), json(contentType));
      expect(reply.status).toBe(415);
      expect(reply.json()).toEqual({ code: 415, message: 'Content-Type must be application/json' });
    },
  );

  it('refuses a request without Content-Type with 415', async () => {
    const reply = await webhook.post('/validate/nodegroups', JSON.stringify(createReview(validNodeGroup())), {});
    expect(reply.status).toBe(415);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', 'application/json; charset=utf8; foo=bar'])(
    'accepts %s',
    async (contentType) => {
      const reply = await webhook.post('/validate/nodegroups', createReview(validNodeGroup()), json(contentType));
      expect(reply.status).toBe(200);
    },
  );
});

describe('body size', () => {
  it('answers 413 from Content-Length alone, before any of the body is sent', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`);
    expect(statusOf(await connection.responseHead())).toBe(413);
    await connection.closed;
    expect(connection.received()).toContain(`request body exceeds ${LIMIT} bytes`);
  });

  it('answers 413 to a chunked body once it passes the limit, while the client is still sending', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write('POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'a'.repeat(16 * 1024);
    for (let sent = 0; sent <= LIMIT; sent += chunk.length) connection.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    // No terminating chunk: the server must not wait for the end of a body it will not accept.
    expect(statusOf(await connection.responseHead())).toBe(413);
    await connection.closed;
  });

  it('keeps reading after a 413 rather than resetting a client that is still sending its body', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    const body = Buffer.alloc(4 * 1024 * 1024, 0x20);
    // A client that writes its whole body before reading: closing outright would make the
    // server's kernel answer the unread bytes with a reset, failing the client's writes and
    // possibly destroying the answer before it is read (RFC 9112 §9.6).
    connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    connection.write(body);
    await connection.closed;
    expect(statusOf(connection.received())).toBe(413);
    expect(connection.errors).toEqual([]);
  });

  it('closes a refused connection after the linger time even if the client never stops sending', async () => {
    const connection = await openRaw(webhook.server.port, webhook.ca.certPem);
    connection.write(`POST /validate/nodegroups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024 * 1024}\r\n\r\n`);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const endless = setInterval(() => connection.write(chunk), 10);
    try {
      expect(statusOf(await connection.responseHead())).toBe(413);
      const started = Date.now();
      await connection.closed;
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      clearInterval(endless);
    }
  });

  it('answers 413 to a 1 MiB body', async () => {
    const reply = await webhook.post('/validate/nodegroups', Buffer.alloc(1024 * 1024, 0x20));
    expect(reply.status).toBe(413);
  });

  it('accepts a body of exactly 128 KiB', async () => {
    const reply = await webhook.post('/validate/nodegroups', reviewOfSize(LIMIT));
    expect(reply.status).toBe(200);
  });

  it('refuses a body of 128 KiB and one byte', async () => {
    const reply = await webhook.post('/validate/nodegroups', reviewOfSize(LIMIT + 1));
    expect(reply.status).toBe(413);
  });
});

describe('body content', () => {
  it.each<[string, string | Buffer, string]>([
    ['truncated JSON', '{"request": {"uid": "u"', 'request body is not valid JSON'],
    ['an empty body', '', 'request body is not valid JSON'],
    ['YAML', 'request:\n  uid: u\n', 'request body is not valid JSON'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'request body is not valid UTF-8'],
    ['a JSON array', '[]', 'request body must be a JSON object (an AdmissionReview)'],
    ['an AdmissionReview without request', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}', 'AdmissionReview.request is required and must be an object'],
    ['a request without uid', '{"request":{"operation":"CREATE"}}', 'AdmissionReview.request.uid is required and must be a non-empty string'],
    ['a request with a numeric uid', '{"request":{"uid":5}}', 'AdmissionReview.request.uid is required and must be a non-empty string'],
    ['a v1beta1 review', '{"apiVersion":"admission.k8s.io/v1beta1","request":{"uid":"u"}}', 'apiVersion must be admission.k8s.io/v1'],
  ])('answers %s with 400 and a message', async (_case, body, message) => {
    const reply = await webhook.post('/validate/vpsienodes', body);
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({ code: 400, message });
  });

  it('survives JSON nested 60,000 levels deep', async () => {
    const deep = `{"request":{"uid":"u","operation":"UPDATE","object":{"spec":${'['.repeat(60_000)}${']'.repeat(60_000)}},"oldObject":{"spec":${'['.repeat(1)}${']'.repeat(1)}}}}`;
    const reply = await webhook.post('/validate/nodegroups', deep);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ response: { uid: 'u', allowed: false } });
  });
});

describe('routing', () => {
  it.each(['/', '/validate', '/validate/pods', '/validate/nodegroups/extra', '/metrics'])('answers %s with 404', async (path) => {
    const reply = await webhook.post(path, createReview(validNodeGroup()));
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({ code: 404, message: `no handler for ${path}` });
  });

  it('ignores the query string the API server appends', async () => {
    const reply = await webhook.post('/validate/nodegroups?timeout=10s', createReview(validNodeGroup()));
    expect(reply.status).toBe(200);
  });

  it('answers an admission request with an AdmissionReview v1 echoing the uid', async () => {
    const body = createReview(validNodeGroup(), AUTOSCALER);
    const reply = await webhook.post('/validate/nodegroups', body);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json()).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: body.request.uid, allowed: true } });
  });
});
