import { spawn } from 'node:child_process';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATIONS, FINALIZERS, LABELS } from '../../src/api/v1alpha1.ts';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;

beforeAll(async () => {
  h = await startHarness({ living: { podStartDelayMs: 500, podTerminationMs: 500 }, timeScale: 20 });
  ops = clusterOps(h);
});
afterAll(async () => {
  await h.close();
});

function phaseOf(name: string) {
  return eventually(async () => (await ops.vpsieNode(name))?.status?.phase, 5_000, 50);
}

/** A node held in Draining by a pod whose PDB allows no disruption. */
async function holdDrain(group: string, nodeName: string, vpsieNode: string): Promise<void> {
  await ops.core.createNamespacedPod({
    namespace: 'default',
    body: { metadata: { name: `${group}-held`, labels: { app: `${group}-held` } }, spec: { nodeName, containers: [{ name: 'c', image: 'x:1' }] } },
  });
  await ops.policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: `${group}-held` }, spec: { minAvailable: 1, selector: { matchLabels: { app: `${group}-held` } } } } });
  await eventually(async () => ((await ops.policy.readNamespacedPodDisruptionBudget({ namespace: 'default', name: `${group}-held` })).status?.currentHealthy === 1 ? true : undefined), 30_000, 100);
  await ops.patchNodeGroup(group, { minNodes: 0 });
  await ops.annotateVPSieNode(vpsieNode, { [ANNOTATIONS.drainRequest]: 'test' });
  await eventually(async () => ((await ops.core.readNode({ name: nodeName })).metadata?.annotations?.[ANNOTATIONS.drainStatus] === 'draining' ? true : undefined), 30_000, 50);
}

describe('SIGTERM', () => {
  it('mid-drain: exits 0 within the grace period, releases the Lease, and leaves the drain for the next leader to finish', async () => {
    const group = 'sigterm-drain';
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', 'src/cli.ts', 'run',
        '--kubeconfig', h.kubeconfigPath, '--metrics-port', '0', '--log-level', 'info',
        '--leader-elect-name', 'sigterm-test', '--leader-elect-identity', 'replica-a',
        '--lifecycle-poll-interval-ms', '50', '--lifecycle-eviction-retry-seconds', '1',
        '--vpsie-requests-per-minute', '60000', '--shutdown-grace-seconds', '10',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let successor: Controller | undefined;
    try {
      await ops.createNodeGroup(group, { minNodes: 1, maxNodes: 1 });
      const [vn] = await ops.converged(group, 1, 90_000);
      const nodeName = vn!.status!.nodeName!;
      await holdDrain(group, nodeName, vn!.metadata.name);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('effects quiesced');
      expect(out).toContain('"unfinished":0');

      const lease = await h.kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: 'kube-system', name: 'sigterm-test' });
      expect(lease.spec?.holderIdentity ?? '').toBe('');
      // Stopped at a safe point, not reverted: still Draining, still cordoned, the pod still there.
      expect(await phaseOf(vn!.metadata.name)).toBe('Draining');
      const node = await ops.core.readNode({ name: nodeName });
      expect(node.spec?.unschedulable).toBe(true);
      expect(node.metadata?.annotations?.[ANNOTATIONS.drainStatus]).toBe('draining');

      // The next leader resumes the drain; once the PDB allows it, the node goes.
      successor = (await startTestController(h.kc)).controller;
      await ops.policy.deleteNamespacedPodDisruptionBudget({ namespace: 'default', name: `${group}-held` });
      await eventually(async () => ((await ops.vpsieNodes(group)).length === 0 ? true : undefined), 60_000, 100);
      await expect(ops.core.readNode({ name: nodeName })).rejects.toMatchObject({ code: 404 });
      expect(ops.workerVms().filter((v) => v.identifier === vn!.status!.vpsieNodeIdentifier)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await successor?.stop();
    }
  }, 180_000);
});

describe('a graceful stop', () => {
  it('lets a VPS deletion already sent complete and be recorded, and starts nothing after it', async () => {
    const group = 'graceful-terminate';
    let { controller } = await startTestController(h.kc);
    try {
      await ops.createNodeGroup(group, { minNodes: 1, maxNodes: 1 });
      const [vn] = await ops.converged(group, 1, 90_000);
      // VPSie answers deletions slowly: the stop comes while one is on the wire.
      h.cluster.living!.vpsie.faults.set({ endpoints: { deleteNode: { latencyMs: 1_500 } } });
      await ops.deleteVPSieNode(vn!.metadata.name);
      await eventually(async () => ((await ops.vpsieNode(vn!.metadata.name))?.status?.phase === 'Terminating' ? true : undefined), 30_000, 20);
      await controller.stop({ graceMs: 10_000 });
      h.cluster.living!.vpsie.faults.clear();

      expect(ops.workerVms().filter((v) => v.identifier === vn!.status!.vpsieNodeIdentifier)).toEqual([]);
      // Nothing began after the deletion: the Node and the VPSieNode (its finalizer) are still there.
      const left = await ops.vpsieNode(vn!.metadata.name);
      expect(left?.metadata.finalizers).toContain(FINALIZERS.vpsieNode);
      await ops.core.readNode({ name: vn!.status!.nodeName! });

      ({ controller } = await startTestController(h.kc));
      await eventually(async () => ((await ops.vpsieNode(vn!.metadata.name)) ? undefined : true), 60_000, 100);
      await expect(ops.core.readNode({ name: vn!.status!.nodeName! })).rejects.toMatchObject({ code: 404 });
      const nodes = (await ops.core.listNode({ labelSelector: `${LABELS.managed}=true` })).items;
      expect(nodes.filter((n) => n.spec?.unschedulable).map((n) => n.metadata?.name)).toEqual([]);
    } finally {
      h.cluster.living!.vpsie.faults.clear();
      await controller.stop();
    }
  }, 180_000);
});
