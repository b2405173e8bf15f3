import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSCALER_USERNAME, nodeObject, startGuardedCluster, type GuardedCluster } from './guarded-cluster.ts';

let g: GuardedCluster;
let nodes = 0;

beforeAll(async () => {
  g = await startGuardedCluster();
});
afterAll(async () => {
  await g?.close();
});

const MANAGED = { 'autoscaler.vpsie.com/managed': 'true', 'autoscaler.vpsie.com/nodegroup': 'general' };
const CONTROL_PLANE = { ...MANAGED, 'node-role.kubernetes.io/control-plane': '' };
const DENIED = 'admission webhook "node-deletion.autoscaler.vpsie.com" denied the request';
const NOT_MANAGED = 'metadata.labels["autoscaler.vpsie.com/managed"] must be "true": the autoscaler deletes only nodes it manages';
const IS_CONTROL_PLANE = 'metadata.labels["node-role.kubernetes.io/control-plane"] is set: the autoscaler never deletes a control-plane node';

/** A fresh Node per test, created by the admin. */
async function node(kind: string, labels: Record<string, string>): Promise<string> {
  const name = `${kind}-${++nodes}`;
  const r = await g.apply(nodeObject(name, labels));
  expect(r.stderr).toBe('');
  return name;
}

async function exists(name: string): Promise<boolean> {
  const r = await g.sim.kubectl('get', 'node', name, '-o', 'name');
  return r.code === 0;
}

describe('node deletion by the autoscaler, impersonated with kubectl --as', () => {
  it('is refused for an unmanaged node, with the webhook message, and the node stays', async () => {
    const name = await node('unmanaged', {});
    const r = await g.kubectlAsAutoscaler('delete', 'node', name);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (Forbidden)');
    expect(r.stderr).toContain(DENIED);
    expect(r.stderr).toContain(NOT_MANAGED);
    expect(await exists(name)).toBe(true);
    expect(g.webhookLog()).toContain(name);
    expect(g.webhookLog()).toContain(AUTOSCALER_USERNAME);
  });

  it('is refused for a control-plane node, even one labelled managed', async () => {
    const name = await node('control-plane', CONTROL_PLANE);
    const r = await g.kubectlAsAutoscaler('delete', 'node', name);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(DENIED);
    expect(r.stderr).toContain(IS_CONTROL_PLANE);
    expect(await exists(name)).toBe(true);
  });

  it('goes through for a managed worker node', async () => {
    const name = await node('managed', MANAGED);
    const r = await g.kubectlAsAutoscaler('delete', 'node', name);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`node "${name}" deleted\n`);
    expect(await exists(name)).toBe(false);
  });
});

describe("node deletion by the autoscaler, holding its service-account token", () => {
  it('is refused for an unmanaged node with kubectl', async () => {
    const name = await node('unmanaged', {});
    const r = await g.kubectlWithAutoscalerToken('delete', 'node', name);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(DENIED);
    expect(r.stderr).toContain(NOT_MANAGED);
    expect(await exists(name)).toBe(true);
  });

  it('is refused for a control-plane node with client-node: 403 and the webhook message', async () => {
    const name = await node('control-plane', CONTROL_PLANE);
    const core = g.autoscalerKubeConfig().makeApiClient(CoreV1Api);
    const error = await core.deleteNode({ name }).then(
      () => undefined,
      (e: unknown) => e as { code: number; body: string },
    );
    expect(error?.code).toBe(403);
    expect(JSON.parse(error!.body)).toMatchObject({ kind: 'Status', code: 403, message: expect.stringContaining(IS_CONTROL_PLANE) });
    expect(await exists(name)).toBe(true);
  });

  it('goes through for a managed worker node', async () => {
    const name = await node('managed', MANAGED);
    const core = g.autoscalerKubeConfig().makeApiClient(CoreV1Api);
    await core.deleteNode({ name });
    expect(await exists(name)).toBe(false);
  });
});

describe('node deletion by an admin', () => {
  it('goes through for unmanaged and control-plane nodes: the guard is scoped to the autoscaler', async () => {
    const unmanaged = await node('unmanaged', {});
    const controlPlane = await node('control-plane', CONTROL_PLANE);
    const r = await g.sim.kubectl('delete', 'node', unmanaged, controlPlane);
    expect(r.stderr).toBe('');
    expect(await exists(unmanaged)).toBe(false);
    expect(await exists(controlPlane)).toBe(false);
  });
});
