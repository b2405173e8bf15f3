import type { Registry } from 'prom-client';
import { startController, type Controller } from '../../src/app/controller.ts';
import { controllerConfigSchema } from '../../src/infra/config/schema.ts';
import { loadKubeConfig } from '../../src/infra/kube/kubeconfig.ts';
import { createLogger } from '../../src/infra/log/logger.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { startSimCluster, type SimCluster } from '../../src/sim/cluster.ts';
import { until } from './wait.ts';

export interface ClusterSize {
  /** Pre-existing nodes, in a VPSie node group no NodeGroup manages. */
  nodes: number;
  /** Pods of one Deployment Running on them. */
  pods: number;
  /** The largest burst a round creates: the cloud's quota must leave room for its nodes. */
  burst: number;
}

export interface Bench {
  cluster: SimCluster;
  controller: Controller;
  registry: Registry;
  close(): Promise<void>;
}

/**
 * The steady cluster every round starts from: `nodes` Ready nodes running `pods` pods, and the
 * controller with its production settings (leader election off: one replica) watching it over HTTPS.
 * The cluster runs at real time (timeScale 1), so its background load — Lease renewals, status
 * reports, metrics — is what a real cluster of that size sends, and new VMs take their real 90 s
 * to boot: no node of a burst joins during a round.
 */
export async function startBench(size: ClusterSize): Promise<Bench> {
  const cluster = await startSimCluster({
    living: {
      readyTimeoutMs: 300_000,
      vpsie: { maxVms: size.nodes + 2 * size.burst + 10 },
      // A size no burst buys: VPSie node groups are shared per size, and a VPSieNode whose VM
      // is created asynchronously claims the oldest unclaimed VM of its size made up to 2 minutes
      // before it asked — which, just after start, is one of these.
      nodeGroups: [{ name: 'existing', offering: 'k8s-4-16', nodes: size.nodes }],
    },
  });
  const cache = cluster.living!.cache;
  const template = { metadata: { labels: { app: 'existing' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
  await cluster.api.client().create('apps/deployments', 'default', { metadata: { name: 'existing' }, spec: { replicas: size.pods, selector: { matchLabels: { app: 'existing' } }, template } });
  const running = () => {
    let n = 0;
    for (const p of cache.pods.values()) if (p.status?.phase === 'Running') n++;
    return n;
  };
  await until(() => running() >= size.pods, 600_000, `${size.pods} pods Running`);

  const registry = createRegistry({ defaultMetrics: false });
  const config = controllerConfigSchema.parse({ leaderElection: { enabled: false }, logLevel: 'warn' });
  // Warnings and errors go to stderr, so the table on stdout stays readable.
  const log = createLogger({ level: config.logLevel, destination: process.stderr });
  const controller = await startController(config, { kc: loadKubeConfig({ kubeconfigText: cluster.kubeconfig }), log, registry, now: () => new Date(cluster.clock.now()) });
  await until(() => controller.isSynced(), 60_000, 'the controller\'s informers to sync');
  return {
    cluster,
    controller,
    registry,
    async close() {
      await controller.stop();
      await cluster.close();
    },
  };
}
