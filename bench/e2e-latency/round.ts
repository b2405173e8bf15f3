import { GROUP, LABELS, NODEGROUPS, VERSION, VPSIENODES } from '../../src/api/v1alpha1.ts';
import type { KubeObject } from '../../src/sim/kube/types.ts';
import type { Bench } from './cluster.ts';
import { type DecisionRun, scaleUpDecisionSeconds } from './decisions.ts';
import { until } from './wait.ts';

const NS = 'kube-system';
const GROUPS = `${GROUP}/${NODEGROUPS}`;
const VPSIE_NODES = `${GROUP}/${VPSIENODES}`;
const ROUND_LABEL = 'bench.vpsie.com/round';
/** The CRD's ceiling for spec.maxNodes. */
const MAX_NODES = 1000;

export interface BurstShape {
  pods: number;
  cpu: string;
  memory: string;
  /** The NodeGroup's offerings; the planner picks among them. */
  offeringIDs: string[];
}

/** When each step of one burst happened, in ms from the request that created its Deployment. */
export interface RoundResult {
  firstPodMs: number;
  lastPodMs: number;
  /** The scheduler marked the last pod of the burst Unschedulable. */
  lastUnschedulableMs: number;
  /** The scale-up loop's batching window closed and the first decision for the burst started. */
  decisionStartMs: number;
  /** Time inside the decisions by the controller's histogram (not a point in time). */
  decisionMs: number;
  /** The API server stored the last of the VPSieNodes the decisions asked for. */
  lastVpsieNodeMs: number;
  nodes: number;
  /** Decisions that bought nodes for the burst: 1 when the batching window held all of it. */
  decisions: number;
  /** VPSieNodes beyond what the decisions asked for, a second after the last. */
  extra: number;
}

function isUnschedulable(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: Array<{ type: string; status: string; reason?: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/**
 * One round: a fresh NodeGroup, then a Deployment of `shape.pods` pods only its nodes may take
 * (a nodeSelector on the group's label), timed from the Deployment's create request through the
 * pods' creation, the scheduler's verdict and the controller's decision to the VPSieNodes stored
 * by the API server. Times are taken in the API server's store, the moment each write lands.
 * Afterwards the Deployment and the group are deleted and the round waits until their pods,
 * VPSieNodes and VMs are gone, so no round's leftovers load the next.
 */
export async function burstRound(bench: Bench, runs: DecisionRun[], round: number, shape: BurstShape): Promise<RoundResult> {
  const { cluster, controller, registry } = bench;
  const living = cluster.living!;
  const client = cluster.api.client();
  const store = cluster.api.store;
  const name = `burst-${round}`;
  const key = `${NS}/${name}`;
  const conn = living.connection();
  const vms = () => new Set(living.vpsie.cloud.clusterVms(conn.clusterId).map((vm) => vm.identifier));
  const vmsBefore = vms();

  await client.create(GROUPS, NS, {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'NodeGroup',
    metadata: { name },
    spec: { minNodes: 0, maxNodes: Math.min(shape.pods, MAX_NODES), datacenterID: conn.datacenterCode, resourceIdentifier: conn.clusterId, offeringIDs: shape.offeringIDs, labels: { [ROUND_LABEL]: String(round) } },
  });
  // The group's actor has done its first reconcile (finalizer and status) before the burst starts.
  const reconciled = () => Boolean((store.get(GROUPS, NS, name)?.object.status as { observedGeneration?: number } | undefined)?.observedGeneration);
  await until(() => controller.supervisor.groups().some((g) => g.name === name) && reconciled(), 30_000, `NodeGroup ${name} to be reconciled`);

  let firstPod = Infinity;
  let lastPod = 0;
  let lastUnschedulable = 0;
  const nodeTimes: number[] = [];
  const unsubscribe = store.subscribe((c) => {
    const at = performance.now();
    const object = c.current.object;
    if (c.storageKey === '/pods' && object.metadata.labels?.app === name) {
      if (c.type === 'ADDED') {
        firstPod = Math.min(firstPod, at);
        lastPod = at;
      } else if (c.type === 'MODIFIED' && isUnschedulable(object) && !isUnschedulable(c.previous!.object)) {
        lastUnschedulable = at;
      }
    } else if (c.storageKey === VPSIE_NODES && c.type === 'ADDED' && object.metadata.labels?.[LABELS.nodeGroup] === name) {
      nodeTimes.push(at);
    }
  });

  const seen = runs.length;
  const ours = () => runs.slice(seen).filter((r) => r.decision.scaleUps.some((s) => s.group === key));
  const placed = () => ours().reduce((sum, r) => sum + r.decision.newNodes.filter((n) => n.group === key).reduce((s, n) => s + n.pods.length, 0), 0);
  const asked = () => ours().reduce((sum, r) => sum + r.decision.scaleUps.filter((s) => s.group === key).reduce((s, u) => s + u.count, 0), 0);

  let result: RoundResult;
  try {
    const decidingBefore = await scaleUpDecisionSeconds(registry);
    const template = {
      metadata: { labels: { app: name } },
      spec: { nodeSelector: { [ROUND_LABEL]: String(round) }, containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: shape.cpu, memory: shape.memory } } }] },
    };
    const started = performance.now();
    await client.create('apps/deployments', 'default', { metadata: { name }, spec: { replicas: shape.pods, selector: { matchLabels: { app: name } }, template } });
    // Every pod has a node bought for it and every node is stored; the timestamps above say when.
    await until(() => placed() >= shape.pods && nodeTimes.length >= asked(), 120_000, `VPSieNodes for the ${shape.pods} pods of ${name}`, 20);
    const nodes = asked();
    const decisionMs = ((await scaleUpDecisionSeconds(registry)) - decidingBefore) * 1000;
    // Anything bought twice shows up within a second.
    await new Promise((r) => setTimeout(r, 1_000));
    result = {
      firstPodMs: firstPod - started,
      lastPodMs: lastPod - started,
      lastUnschedulableMs: lastUnschedulable - started,
      decisionStartMs: ours()[0]!.startMs - started,
      decisionMs,
      lastVpsieNodeMs: nodeTimes[nodes - 1]! - started,
      nodes,
      decisions: ours().length,
      extra: nodeTimes.length - nodes,
    };
  } finally {
    unsubscribe();
  }

  await client.deleteIfExists('apps/deployments', 'default', name);
  await until(() => ![...living.cache.pods.values()].some((p) => p.metadata.labels?.app === name), 120_000, `the pods of ${name} to go`);
  await client.deleteIfExists(GROUPS, NS, name);
  await until(() => !store.get(GROUPS, NS, name), 600_000, `NodeGroup ${name} and its VPSieNodes to go`);
  // A VPSieNode is gone only once VPSie no longer lists its VM: the VMs are as before the round.
  const after = vms();
  const lost = [...vmsBefore].filter((vm) => !after.has(vm));
  const left = [...after].filter((vm) => !vmsBefore.has(vm));
  if (lost.length || left.length) throw new Error(`NodeGroup ${name} is gone, yet VPSie lost ${lost.length} VM(s) the round did not create and kept ${left.length} it did`);
  return result;
}
