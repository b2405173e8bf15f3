import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;
let registry: Registry;

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, vpsie: { asyncCreation: 'always' } }, timeScale: 40 });
  ops = clusterOps(h);
  ({ controller, registry } = await startTestController(h.kc, { vpsie: { timeoutSeconds: 1 } }));
});
afterAll(async () => {
  await controller.stop();
  await h.close();
});

describe('VPSie faults delay convergence but never break it', () => {
  it('converges through 503s, 429 bursts, timeouts and slow answers', async () => {
    h.cluster.living!.vpsie.faults.set({
      endpoints: {
        '*': { errorRate: 0.25, errorStatus: 503, latencyMs: 50 },
        addNode: { tooManyRequests: { count: 3, retryAfterSeconds: 1 } },
        getVm: { latencyMs: 1_500 },
      },
    });
    await ops.createNodeGroup('faulty', { minNodes: 2, maxNodes: 3 });
    await new Promise((r) => setTimeout(r, 5_000));
    // Timeouts on every VM read for a while, then the cloud recovers its latency.
    h.cluster.living!.vpsie.faults.set({ endpoints: { '*': { errorRate: 0.25, errorStatus: 503 } } });
    await ops.converged('faulty', 2, 120_000);
    h.cluster.living!.vpsie.faults.clear();
    // The faults were met, not dodged: requests failed, timed out and were retried.
    const total = async (name: string) => ((await registry.getSingleMetric(name)?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);
    expect(await total('vpsie_autoscaler_vpsie_retries_total')).toBeGreaterThan(0);
    // 503s and 429s were answered; which calls then failed for good (after their retries, or at an
    // open circuit breaker) depends on the dice, so only that some did is certain.
    const requests = (await registry.getSingleMetric('vpsie_autoscaler_vpsie_requests_total')?.get())?.values ?? [];
    const answered = (status: string) => requests.filter((v) => String(v.labels.status) === status).reduce((n, v) => n + v.value, 0);
    expect(answered('503')).toBeGreaterThan(0);
    expect(answered('429')).toBeGreaterThan(0);
    expect(await total('vpsie_autoscaler_vpsie_errors_total')).toBeGreaterThan(0);
  }, 180_000);
});
