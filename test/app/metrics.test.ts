import { CoordinationV1Api } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;
let registry: Registry;

// Leader election on, with short timings: one test takes the Lease away and gives it back.
const leaderElection = { enabled: true, identity: 'metrics-test', leaseDurationSeconds: 2, renewDeadlineSeconds: 1, retryPeriodSeconds: 1 };

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000, podTerminationMs: 1_000 }, timeScale: 40 });
  ops = clusterOps(h);
  ({ controller, registry } = await startTestController(h.kc, { leaderElection }, () => new Date(h.cluster.clock.now())));
  await eventually(() => (controller.isLeader() ? true : undefined), 10_000, 50);
});
afterAll(async () => {
  await controller.stop();
  await h.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition text as /metrics serves it, parsed into samples. */
async function scrape(): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const line of (await registry.metrics()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The samples of `name` whose labels include `labels`. */
function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of `name` with `labels`, or undefined when there is none. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = find(samples, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

const sum = (samples: Sample[]) => samples.reduce((n, s) => n + s.value, 0);

/** Scrapes until `check` holds; returns that scrape. */
function scrapeUntil(check: (samples: Sample[]) => boolean, ms = 30_000): Promise<Sample[]> {
  return eventually(async () => {
    const samples = await scrape();
    return check(samples) ? samples : undefined;
  }, ms, 100);
}

function sizes(samples: Sample[], nodegroup: string): Record<string, number> {
  return Object.fromEntries(find(samples, 'vpsie_autoscaler_nodegroup_nodes', { namespace: 'kube-system', nodegroup }).map((s) => [s.labels.kind!, s.value]));
}

function phases(samples: Sample[], nodegroup: string): Record<string, number> {
  return Object.fromEntries(find(samples, 'vpsie_autoscaler_nodes', { namespace: 'kube-system', nodegroup }).map((s) => [s.labels.phase!, s.value]));
}

/** Pods of `group` that need a node each (1200m of a 2-core node), so a few overflow a small group. */
function load(name: string, group: string, replicas: number) {
  return ops.apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { nodeSelector: { pool: group }, containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '1200m', memory: '256Mi' } } }] },
        },
      },
    },
  });
}

describe("the controller's metrics", () => {
  it('count a NodeGroup\'s nodes by phase, its sizes, their provisioning and the VPSie calls behind it, with this replica leading', async () => {
    expect(value(await scrape(), 'vpsie_autoscaler_leader')).toBe(1);
    await ops.createNodeGroup('metered', { minNodes: 2, maxNodes: 3 });
    await ops.converged('metered', 2);
    const samples = await scrapeUntil((s) => sizes(s, 'metered').ready === 2);
    expect(sizes(samples, 'metered')).toEqual({ min: 2, max: 3, desired: 2, current: 2, ready: 2 });
    expect(phases(samples, 'metered')).toEqual({ Pending: 0, Provisioning: 0, Joining: 0, Active: 2 });
    expect(value(samples, 'vpsie_autoscaler_node_transitions_total', { nodegroup: 'metered', from: 'Joining', to: 'Active' })).toBe(2);
    expect(value(samples, 'vpsie_autoscaler_node_provisioning_duration_seconds_count', { namespace: 'kube-system', nodegroup: 'metered' })).toBe(2);
    expect(value(samples, 'vpsie_autoscaler_node_provisioning_duration_seconds_sum', { namespace: 'kube-system', nodegroup: 'metered' })).toBeGreaterThan(0);
    // Each node was added to the cluster's VPSie node group by one call, counted by route template.
    const adds = find(samples, 'vpsie_autoscaler_vpsie_requests_total', { method: 'POST', status: '200' }).filter((s) => s.labels.endpoint!.includes('/add/slave/group/'));
    expect(sum(adds)).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'vpsie_autoscaler_vpsie_logins_total', { outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(sum(find(samples, 'vpsie_autoscaler_vpsie_errors_total'))).toBe(0);
  }, 90_000);

  it('report a group at maxNodes while pods wait for it, and no pod waiting once it may grow and they run', async () => {
    await ops.createNodeGroup('capped', { minNodes: 1, maxNodes: 1, labels: { pool: 'capped' } });
    await ops.converged('capped', 1);
    await load('capped-load', 'capped', 3);
    const capped = { namespace: 'kube-system', nodegroup: 'capped' };
    const waiting = await scrapeUntil((s) => value(s, 'vpsie_autoscaler_nodegroup_at_max', capped) === 1);
    expect(value(waiting, 'vpsie_autoscaler_pending_pods')).toBe(2);
    expect(value(waiting, 'vpsie_autoscaler_nodegroup_at_max', { nodegroup: 'metered' })).toBe(0);
    expect(value(waiting, 'vpsie_autoscaler_scaling_decision_duration_seconds_count', { kind: 'scale_up' })).toBeGreaterThanOrEqual(1);
    expect(sizes(waiting, 'capped')).toMatchObject({ max: 1, current: 1 });

    // The pods are placed on new nodes without another pod turning Unschedulable: the gauges still follow.
    await ops.patchNodeGroup('capped', { maxNodes: 3 });
    await ops.converged('capped', 3);
    await eventually(async () => {
      const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=capped-load' });
      return pods.items.filter((p) => p.status?.phase === 'Running').length === 3 ? true : undefined;
    }, 30_000, 200);
    const running = await scrapeUntil((s) => value(s, 'vpsie_autoscaler_pending_pods') === 0);
    expect(value(running, 'vpsie_autoscaler_nodegroup_at_max', capped)).toBe(0);
    expect(sizes(running, 'capped')).toMatchObject({ max: 3, current: 3 });
    await ops.apps.deleteNamespacedDeployment({ namespace: 'default', name: 'capped-load' });
  }, 90_000);

  it('follow a group as its limits are lowered and as it is deleted', async () => {
    await ops.createNodeGroup('shrinking', { minNodes: 2, maxNodes: 2 });
    await ops.converged('shrinking', 2);
    await ops.patchNodeGroup('shrinking', { minNodes: 1, maxNodes: 1 });
    await scrapeUntil((s) => sizes(s, 'shrinking').max === 1);
    await ops.converged('shrinking', 1);
    const shrunk = await scrapeUntil((s) => sizes(s, 'shrinking').current === 1 && phases(s, 'shrinking').Active === 1);
    expect(sizes(shrunk, 'shrinking')).toEqual({ min: 1, max: 1, desired: 1, current: 1, ready: 1 });
    // The node removed went through the drain, whose duration is recorded; a deleted node counts in no phase.
    expect(value(shrunk, 'vpsie_autoscaler_node_drain_duration_seconds_count', { nodegroup: 'shrinking', result: 'drained' })).toBe(1);
    expect(sum(find(shrunk, 'vpsie_autoscaler_nodes', { nodegroup: 'shrinking' }))).toBe(1);

    await ops.deleteNodeGroup('shrinking');
    await eventually(async () => ((await ops.nodeGroup('shrinking')) === undefined ? true : undefined), 60_000, 200);
    const deleted = await scrapeUntil((s) => find(s, 'vpsie_autoscaler_nodegroup_nodes', { nodegroup: 'shrinking' }).length === 0);
    expect(sum(find(deleted, 'vpsie_autoscaler_nodes', { nodegroup: 'shrinking' }))).toBe(0);
    expect(sizes(deleted, 'metered')).toMatchObject({ current: 2 });
  }, 120_000);

  it('drop to a standby\'s when another replica holds the Lease, and come back with the Lease', async () => {
    const leases = h.kc.makeApiClient(CoordinationV1Api);
    const lease = { namespace: 'kube-system', name: 'vpsie-autoscaler' };
    // Another holder renews the Lease until told to stop: this replica must step down and stay a standby.
    let intruding = true;
    const intruder = (async () => {
      while (intruding) {
        const current = await leases.readNamespacedLease(lease);
        await leases.replaceNamespacedLease({ ...lease, body: { ...current, spec: { ...current.spec, holderIdentity: 'intruder', renewTime: new Date() } } }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const standby = await scrapeUntil((s) => value(s, 'vpsie_autoscaler_leader') === 0, 10_000);
      expect(controller.isLeader()).toBe(false);
      expect(find(standby, 'vpsie_autoscaler_nodes').every((s) => s.value === 0)).toBe(true);
      expect(find(standby, 'vpsie_autoscaler_nodegroup_nodes')).toEqual([]);
      expect(find(standby, 'vpsie_autoscaler_nodegroup_at_max')).toEqual([]);
      expect(value(standby, 'vpsie_autoscaler_pending_pods')).toBe(0);
    } finally {
      intruding = false;
      await intruder;
    }
    const leading = await scrapeUntil((s) => value(s, 'vpsie_autoscaler_leader') === 1 && phases(s, 'metered').Active === 2, 15_000);
    expect(sizes(leading, 'metered')).toEqual({ min: 2, max: 3, desired: 2, current: 2, ready: 2 });
  }, 60_000);
});
