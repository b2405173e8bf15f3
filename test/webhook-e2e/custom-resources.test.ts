import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardedCluster, type GuardedCluster } from './guarded-cluster.ts';

let g: GuardedCluster;
const dir = mkdtempSync(join(tmpdir(), 'vpsie-cr-e2e-'));
let files = 0;

beforeAll(async () => {
  g = await startGuardedCluster();
});
afterAll(async () => {
  await g?.close();
  rmSync(dir, { recursive: true, force: true });
});

function nodeGroup(name: string, spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'autoscaler.vpsie.com/v1alpha1',
    kind: 'NodeGroup',
    metadata: { name, namespace: 'kube-system' },
    spec: { minNodes: 1, maxNodes: 3, datacenterID: 'ams1', resourceIdentifier: 'cluster-1', offeringIDs: ['k8s-2-4'], ...spec },
  };
}

function vpsieNode(name: string, spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'autoscaler.vpsie.com/v1alpha1',
    kind: 'VPSieNode',
    metadata: { name, namespace: 'kube-system' },
    spec: { nodeGroupName: 'general', offeringID: 'k8s-2-4', datacenterID: 'ams1', resourceIdentifier: 'cluster-1', ...spec },
  };
}

/** kubectl apply -f <file>, as a user applies a manifest. */
function kubectlApply(object: object) {
  const file = join(dir, `object-${files++}.yaml`);
  writeFileSync(file, stringify(object));
  return g.sim.kubectl('apply', '-f', file);
}

describe('NodeGroup admission through the API server', () => {
  it('denies minNodes > maxNodes, which the schema cannot express, naming the field, and stores nothing', async () => {
    const r = await kubectlApply(nodeGroup('inverted', { minNodes: 3, maxNodes: 2 }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('admission webhook "nodegroups.autoscaler.vpsie.com" denied the request');
    expect(r.stderr).toContain('spec.minNodes');
    expect(r.stderr).toContain('must be less than or equal to spec.maxNodes (2)');
    expect((await g.sim.kubectl('get', 'nodegroup', '-n', 'kube-system', 'inverted')).code).not.toBe(0);
  });

  it('admits a valid NodeGroup', async () => {
    const r = await kubectlApply(nodeGroup('valid'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('nodegroup.autoscaler.vpsie.com/valid created\n');
  });

  it('denies changing an immutable field (datacenterID) on update', async () => {
    await kubectlApply(nodeGroup('moving'));
    const r = await kubectlApply(nodeGroup('moving', { datacenterID: 'fra1' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('admission webhook "nodegroups.autoscaler.vpsie.com" denied the request');
    expect(r.stderr).toContain('spec.datacenterID');
    const stored = await g.sim.kubectl('get', 'nodegroup', '-n', 'kube-system', 'moving', '-o', 'jsonpath={.spec.datacenterID}');
    expect(stored.stdout).toBe('ams1');
  });
});

describe('VPSieNode admission through the API server', () => {
  it('admits a valid VPSieNode and denies changing the offering it was created with', async () => {
    expect((await kubectlApply(vpsieNode('general-abc12'))).code).toBe(0);
    const r = await kubectlApply(vpsieNode('general-abc12', { offeringID: 'k8s-4-8' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('admission webhook "vpsienodes.autoscaler.vpsie.com" denied the request');
    expect(r.stderr).toContain('spec.offeringID');
  });
});
