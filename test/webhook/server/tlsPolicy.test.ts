import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshake } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
});
afterAll(async () => {
  await webhook.stop();
});

const LEGACY = { ciphers: 'DEFAULT@SECLEVEL=0' };

describe('TLS policy', () => {
  it('refuses a TLS 1.0 handshake', async () => {
    expect(await handshake(webhook.server.port, webhook.ca.certPem, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ...LEGACY })).toMatchObject({ ok: false });
  });

  it('refuses a TLS 1.1 handshake', async () => {
    expect(await handshake(webhook.server.port, webhook.ca.certPem, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ...LEGACY })).toMatchObject({ ok: false });
  });

  it.each(['AES128-GCM-SHA256', 'AES256-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA', 'DHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'])(
    'refuses TLS 1.2 with the non-ECDHE+AES-GCM suite %s',
    async (cipher) => {
      expect(await handshake(webhook.server.port, webhook.ca.certPem, { maxVersion: 'TLSv1.2', ciphers: cipher })).toMatchObject({ ok: false });
    },
  );

  it.each(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'])('accepts TLS 1.2 with %s', async (cipher) => {
    expect(await handshake(webhook.server.port, webhook.ca.certPem, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: cipher })).toMatchObject({
      ok: true,
      protocol: 'TLSv1.2',
      cipher,
    });
  });

  it('accepts TLS 1.3', async () => {
    expect(await handshake(webhook.server.port, webhook.ca.certPem, { minVersion: 'TLSv1.3' })).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
  });

  it('does not speak plain HTTP', async () => {
    await expect(request(`http://127.0.0.1:${webhook.server.port}/healthz`)).rejects.toThrow();
  });

  it('counts refused handshakes', async () => {
    const before = (await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_tls_handshake_failures_total')) ?? 0;
    await handshake(webhook.server.port, webhook.ca.certPem, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ...LEGACY });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_tls_handshake_failures_total')).toBe(before + 1);
  });
});
