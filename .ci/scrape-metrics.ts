/**
 * A real /metrics scrape for `promtool check metrics` (`node --import tsx .ci/scrape-metrics.ts OUT`):
 * the controller runs on the simulated cluster with production's registry (default metrics
 * included) behind its real health server, brings a NodeGroup to two Ready nodes and leaves a
 * pod pending at the group's maxNodes, so counters, gauges and histograms have samples. Writes
 * the scrape to OUT; exits 1 if the activity never happens or a key metric has no sample.
 */
import { writeFileSync } from 'node:fs';
import { AppsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { GROUP, VERSION, type NodeGroup } from '../src/api/v1alpha1.ts';
import { startController } from '../src/app/controller.ts';
import { LoopLag, startHealthServer } from '../src/app/ops-endpoints.ts';
import { controllerConfigSchema } from '../src/infra/config/schema.ts';
import { loadKubeConfig } from '../src/infra/kube/kubeconfig.ts';
import { createLogger } from '../src/infra/log/logger.ts';
import { createRegistry } from '../src/infra/metrics/registry.ts';
import { startSimCluster } from '../src/sim/cluster.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: scrape-metrics.ts OUTPUT_FILE');

// A sample of each of these proves the activity reached the metric the alerts or dashboards use.
const EXPECTED = [
  'vpsie_autoscaler_leader 1',
  'vpsie_autoscaler_nodes{namespace="kube-system",nodegroup="ci",phase="Active"} 2',
  'vpsie_autoscaler_node_provisioning_duration_seconds_count{namespace="kube-system",nodegroup="ci"} 2',
  'vpsie_autoscaler_nodegroup_nodes{namespace="kube-system",nodegroup="ci",kind="ready"} 2',
  'vpsie_autoscaler_nodegroup_at_max{namespace="kube-system",nodegroup="ci"} 1',
  'vpsie_autoscaler_vpsie_requests_total{',
  'vpsie_autoscaler_scaling_decision_duration_seconds_count{kind="scale_up"}',
  'vpsie_autoscaler_process_cpu_seconds_total ',
];

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const log = createLogger({ level: 'warn', destination: process.stderr as never });
const cluster = await startSimCluster({ timeScale: 40, living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000 } });
const kc = loadKubeConfig({ kubeconfigText: cluster.kubeconfig });
const registry = createRegistry();
const config = controllerConfigSchema.parse({
  leaderElection: { enabled: false },
  lifecycle: { pollIntervalMs: 50 },
  vpsie: { requestsPerMinute: 60_000 },
  scaling: { scaleUpIdleMs: 200, scaleUpMaxMs: 2_000, scaleUpRecheckSeconds: 2 },
});
const controller = await startController(config, { kc, log, registry, now: () => new Date(cluster.clock.now()) });
const lag = new LoopLag();
const server = await startHealthServer(() => controller, registry, lag, { host: '127.0.0.1', port: 0 });
try {
  const conn = cluster.living!.connection();
  const custom = kc.makeApiClient(CustomObjectsApi);
  const nodegroups = { group: GROUP, version: VERSION, namespace: 'kube-system', plural: 'nodegroups' };
  await custom.createNamespacedCustomObject({
    ...nodegroups,
    body: {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'NodeGroup',
      metadata: { name: 'ci', namespace: 'kube-system' },
      spec: { minNodes: 2, maxNodes: 2, datacenterID: conn.datacenterCode, resourceIdentifier: conn.clusterId, offeringIDs: ['k8s-2-4'], labels: { pool: 'ci' } },
    },
  });
  await until('two Ready nodes in NodeGroup ci', async () => {
    const group = (await custom.getNamespacedCustomObject({ ...nodegroups, name: 'ci' })) as NodeGroup;
    return group.status?.readyNodes === 2 ? true : undefined;
  });
  // More pods than two nodes hold: the rest stay pending with the group at maxNodes.
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'ci-load' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'ci-load' } },
        template: {
          metadata: { labels: { app: 'ci-load' } },
          spec: { nodeSelector: { pool: 'ci' }, containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '1200m', memory: '256Mi' } } }] },
        },
      },
    },
  });
  const scrape = await until('every expected sample in the scrape', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return EXPECTED.every((s) => text.includes(s)) ? text : undefined;
  }, 60_000).catch(async (error: Error) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    throw new Error(`${error.message}; missing: ${EXPECTED.filter((s) => !text.includes(s)).join(', ')}`, { cause: error });
  });
  writeFileSync(out, scrape);
  console.error(`scraped ${scrape.split('\n').filter((l) => l && !l.startsWith('#')).length} samples into ${out}`);
} finally {
  await controller.stop();
  await server.close();
  lag.stop();
  await cluster.close();
}
