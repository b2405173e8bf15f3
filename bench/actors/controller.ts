import { API_VERSION, FINALIZERS, LABELS } from '../../src/api/v1alpha1.ts';
import { Supervisor } from '../../src/actors/supervisor.ts';
import { createLifecycleMetrics } from '../../src/actors/node/metrics.ts';
import { createGroupMetrics } from '../../src/actors/nodegroup/metrics.ts';
import { VmClaims } from '../../src/actors/shared/vm-claims.ts';
import { OfferingCatalogue } from '../../src/actors/shared/offering-catalogue.ts';
import { VpsieInventory } from '../../src/actors/shared/vpsie-inventory.ts';
import { clusterViewOf } from '../../src/app/cluster-view.ts';
import { createInformers, startInformers, stopInformers } from '../../src/app/informers.ts';
import { OfferingHolds } from '../../src/actors/scaling/offering-holds.ts';
import { KubeApi } from '../../src/infra/kube/api.ts';
import { EventRecorder } from '../../src/infra/kube/events.ts';
import { loadKubeConfig } from '../../src/infra/kube/kubeconfig.ts';
import { createLogger } from '../../src/infra/log/logger.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { createVpsieClient, staticCredentials } from '../../src/infra/vpsie/index.ts';
import { startSimCluster } from '../../src/sim/cluster.ts';

/**
 * A simulated cluster holding `count` Active VPSieNodes and a supervisor over real informers of
 * it — what a newly elected leader builds. The VPSie client points nowhere: Active nodes run no effect.
 */
export async function createController(count: number) {
  const cluster = await startSimCluster({ api: { historySize: count * 2 } });
  const client = cluster.api.client();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-${i}`;
    names.push(name);
    await client.create('autoscaler.vpsie.com/vpsienodes', 'kube-system', {
      apiVersion: API_VERSION,
      kind: 'VPSieNode',
      metadata: { name, labels: { [LABELS.managed]: 'true', [LABELS.nodeGroup]: 'bench' }, finalizers: [FINALIZERS.vpsieNode] },
      spec: { nodeGroupName: 'bench', offeringID: 'k8s-2-4', datacenterID: 'ams1', resourceIdentifier: 'bench-cluster' },
    });
    // The status an Active node has: restoring it writes nothing.
    const at = new Date().toISOString();
    await client.mergePatch('autoscaler.vpsie.com/vpsienodes', 'kube-system', name, { status: { phase: 'Active', nodeName: name, hostname: name, createdAt: at, joinedAt: at, activeAt: at, reason: 'Ready', message: 'node joined and is Ready', observedGeneration: 1 } }, 'status');
  }
  const log = createLogger({ level: 'error', pretty: false });
  const kc = loadKubeConfig({ kubeconfigText: cluster.kubeconfig });
  const api = new KubeApi(kc);
  const informers = createInformers(kc, api, log, () => undefined);
  await startInformers(informers);
  const registry = createRegistry({ defaultMetrics: false });
  const vpsie = createVpsieClient({ credentials: staticCredentials({ token: 'unused' }), baseUrl: 'https://127.0.0.1:9' });
  const events = new EventRecorder(api, { component: 'bench', log });
  const cluster_ = clusterViewOf(informers);
  const supervisor = new Supervisor({
    nodeDeps: {
      kube: api,
      vpsie,
      inventory: new VpsieInventory(vpsie, 1000),
      catalogue: new OfferingCatalogue(vpsie, 60_000),
      cluster: cluster_,
      events,
      offerings: new OfferingHolds(60_000),
      claims: new VmClaims(),
      metrics: createLifecycleMetrics(registry),
      timings: { pollMs: 1000, claimGraceMs: 60_000, evictionRetryMs: 5000 },
      log,
      now: () => new Date(),
    },
    groupDeps: { kube: api, cluster: cluster_, events, timings: { pollMs: 1000 }, log, metrics: createGroupMetrics(registry), now: () => new Date(), held: () => false },
    delays: { provisionTimeoutMs: 900_000, joinTimeoutMs: 600_000, drainTimeoutMs: 600_000, failedTTLMs: 600_000, retry: { baseMs: 500, capMs: 60_000 } },
    groupRetry: { baseMs: 500, capMs: 60_000 },
    informers,
    resyncMs: 3_600_000,
    log,
  });
  return {
    supervisor,
    names,
    /** The simulated cluster's resourceVersion: it moves only when something is written. */
    resourceVersion: () => cluster.api.store.resourceVersion,
    async close() {
      supervisor.stop();
      stopInformers(informers);
      await vpsie.close();
      await cluster.close();
    },
  };
}
