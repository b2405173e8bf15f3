import { X509Certificate } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyPair } from '../../../src/sim/certs.ts';
import { handshake } from '../support/rawTls.ts';
import { metricValue, startWebhookUnderTest, waitUntil, writeSecretVolume, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest | undefined;

afterEach(async () => {
  await webhook?.stop();
  webhook = undefined;
});

function serialOf(pair: KeyPair): string {
  return new X509Certificate(pair.certPem).serialNumber.replace(/^0+/, '');
}

async function servedSerial(under: WebhookUnderTest): Promise<string> {
  const result = await handshake(under.server.port, under.ca.certPem, {});
  if (!result.ok) throw new Error(`handshake failed: ${result.code}`);
  return result.serial.replace(/^0+/, '');
}

function newServingPair(under: WebhookUnderTest): KeyPair {
  return under.ca.issue({ dns: ['localhost'], ips: ['127.0.0.1'] });
}

describe('certificate rotation', () => {
  it('serves a certificate rewritten in place to new connections', async () => {
    webhook = await startWebhookUnderTest({ certReloadIntervalMs: 50 });
    const under = webhook;
    expect(await servedSerial(under)).toBe(serialOf(under.serving));
    const next = newServingPair(under);
    writeFileSync(under.keyFile, next.keyPem);
    writeFileSync(under.certFile, next.certPem);
    await waitUntil(async () => (await servedSerial(under)) === serialOf(next), 5_000, 'the new certificate');
    expect(await metricValue(under.registry, 'vpsie_autoscaler_webhook_certificate_reloads_total', { result: 'success' })).toBe(1);
  });

  it('follows a Secret volume update that swaps the ..data symlink', async () => {
    webhook = await startWebhookUnderTest({ certReloadIntervalMs: 50, secretVolume: true });
    const under = webhook;
    expect(await servedSerial(under)).toBe(serialOf(under.serving));
    const next = newServingPair(under);
    writeSecretVolume(under.certDir, next);
    await waitUntil(async () => (await servedSerial(under)) === serialOf(next), 5_000, 'the new certificate');
  });

  it('keeps serving the old certificate while the new certificate lacks its key, then completes the rotation', async () => {
    webhook = await startWebhookUnderTest({ certReloadIntervalMs: 50 });
    const under = webhook;
    const next = newServingPair(under);
    writeFileSync(under.certFile, next.certPem);
    await waitUntil(
      async () => (await metricValue(under.registry, 'vpsie_autoscaler_webhook_certificate_reloads_total', { result: 'failure' })) === 1,
      5_000,
      'a failed reload',
    );
    expect(await servedSerial(under)).toBe(serialOf(under.serving));
    expect(under.logs.some((line) => line.level === 40 && String(line.msg).includes('do not form a usable pair'))).toBe(true);
    writeFileSync(under.keyFile, next.keyPem);
    await waitUntil(async () => (await servedSerial(under)) === serialOf(next), 5_000, 'the new certificate');
  });

  it('keeps serving when the files disappear', async () => {
    webhook = await startWebhookUnderTest({ certReloadIntervalMs: 50 });
    const under = webhook;
    rmSync(under.certFile);
    rmSync(under.keyFile);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await servedSerial(under)).toBe(serialOf(under.serving));
    expect((await under.get('/healthz')).status).toBe(200);
  });

  it('keeps the TLS policy after a rotation', async () => {
    webhook = await startWebhookUnderTest({ certReloadIntervalMs: 50 });
    const under = webhook;
    const next = newServingPair(under);
    writeFileSync(under.keyFile, next.keyPem);
    writeFileSync(under.certFile, next.certPem);
    await waitUntil(async () => (await servedSerial(under)) === serialOf(next), 5_000, 'the new certificate');
    const port = under.server.port;
    expect(await handshake(port, under.ca.certPem, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toMatchObject({ ok: false });
    expect(await handshake(port, under.ca.certPem, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA256' })).toMatchObject({ ok: false });
  });
});
