import type { Histogram } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../src/infra/metrics/registry.ts';
import { createWebhookMetrics } from '../../../webhook/metrics.ts';
import { AUTOSCALER, MANAGED, createReview, deleteNodeReview, node, validNodeGroup } from '../support/admissionReviews.ts';
import { metricValue, startWebhookUnderTest, type WebhookUnderTest } from '../support/webhookUnderTest.ts';

let webhook: WebhookUnderTest;

beforeAll(async () => {
  webhook = await startWebhookUnderTest();
  await webhook.post('/validate/nodegroups', createReview(validNodeGroup()));
  await webhook.post('/validate/nodegroups', createReview(validNodeGroup()));
  await webhook.post('/validate/nodegroups', createReview(validNodeGroup({ maxNodes: 0 })));
  await webhook.post('/validate/node-deletion', deleteNodeReview(node('w', MANAGED), AUTOSCALER));
  await webhook.post('/validate/vpsienodes', '{');
  await webhook.post('/validate/vpsienodes', '{}', { 'content-type': 'text/plain' });
  await webhook.post('/validate/vpsienodes', Buffer.alloc(200 * 1024, 0x20));
  await webhook.post('/unknown', '{}');
  await webhook.get('/healthz');
});
afterAll(async () => {
  await webhook.stop();
});

const REQUESTS = 'vpsie_autoscaler_webhook_requests_total';

describe('webhook metrics', () => {
  it.each<[string, string, number]>([
    ['/validate/nodegroups', 'allowed', 2],
    ['/validate/nodegroups', 'denied', 1],
    ['/validate/node-deletion', 'allowed', 1],
    ['/validate/vpsienodes', 'bad_request', 1],
    ['/validate/vpsienodes', 'unsupported_media_type', 1],
    ['/validate/vpsienodes', 'payload_too_large', 1],
    ['unmatched', 'not_found', 1],
    ['/healthz', 'ok', 1],
  ])('counts requests to %s that ended %s', async (path, result, count) => {
    expect(await metricValue(webhook.registry, REQUESTS, { path, result })).toBe(count);
  });

  it('records the latency of every request by path', async () => {
    const metric = webhook.registry.getSingleMetric('vpsie_autoscaler_webhook_request_duration_seconds') as Histogram | undefined;
    const { values } = (await metric?.get()) ?? { values: [] };
    const count = values.find((entry) => entry.metricName === 'vpsie_autoscaler_webhook_request_duration_seconds_count' && entry.labels.path === '/validate/nodegroups');
    expect(count?.value).toBe(3);
  });

  it('reports no request in flight when idle', async () => {
    expect(await metricValue(webhook.registry, 'vpsie_autoscaler_webhook_in_flight_requests')).toBe(0);
  });

  it('names every series under vpsie_autoscaler_webhook_', async () => {
    const names = (await webhook.registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.startsWith('vpsie_autoscaler_webhook_')).toBe(true);
  });

  it('shares series when two servers register into one registry', () => {
    const registry = createRegistry({ defaultMetrics: false });
    createWebhookMetrics(registry).recordRequest('/healthz', 'ok', 0.001);
    createWebhookMetrics(registry).recordRequest('/healthz', 'ok', 0.001);
    return expect(metricValue(registry, REQUESTS, { path: '/healthz', result: 'ok' })).resolves.toBe(2);
  });
});
