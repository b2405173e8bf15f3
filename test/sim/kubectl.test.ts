import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('kubectl against the simulated API server', () => {
  it('lists nodes of an empty cluster', async () => {
    const r = await h.kubectl('get', 'nodes');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No resources found');
  });

  it('waits for the CRDs to be established', async () => {
    const r = await h.kubectl('wait', '--for=condition=established', '--timeout=10s', 'crd/nodegroups.autoscaler.vpsie.com', 'crd/vpsienodes.autoscaler.vpsie.com');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('customresourcedefinition.apiextensions.k8s.io/nodegroups.autoscaler.vpsie.com condition met');
  });

  it('applies the example NodeGroup and shows its printer columns', async () => {
    const applied = await h.kubectl('apply', '-f', 'examples/nodegroup.yaml');
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('nodegroup.autoscaler.vpsie.com/general created');
    const r = await h.kubectl('get', 'ng', '-n', 'kube-system');
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'MIN', 'MAX', 'DESIRED', 'CURRENT', 'READY', 'STATUS', 'AGE']);
    expect(row!.split(/\s+/).slice(0, 3)).toEqual(['general', '1', '10']);
  });

  it('shows priority columns with -o wide', async () => {
    const r = await h.kubectl('get', 'ng', 'general', '-n', 'kube-system', '-o', 'wide');
    expect(r.stdout).toContain('OFFERINGS');
    expect(r.stdout).toContain('DATACENTER');
  });

  it('re-applying an unchanged manifest changes nothing', async () => {
    const r = await h.kubectl('apply', '-f', 'examples/nodegroup.yaml');
    expect(r.stdout.trim()).toBe('nodegroup.autoscaler.vpsie.com/general unchanged');
  });

  it('describes a NodeGroup', async () => {
    const r = await h.kubectl('describe', 'ng', 'general', '-n', 'kube-system');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Name:\s+general/);
    expect(r.stdout).toMatch(/Max Nodes:\s+10/);
    expect(r.stdout).toMatch(/Events:\s+<none>/);
  });

  it('patches a NodeGroup with a merge patch', async () => {
    const r = await h.kubectl('patch', 'ng', 'general', '-n', 'kube-system', '--type', 'merge', '-p', '{"spec":{"maxNodes":7}}');
    expect(r.stdout.trim()).toBe('nodegroup.autoscaler.vpsie.com/general patched');
    const got = await h.kubectl('get', 'ng', 'general', '-n', 'kube-system', '-o', 'jsonpath={.spec.maxNodes} {.metadata.generation}');
    expect(got.stdout).toBe('7 2');
  });

  it('streams changes made elsewhere to get -w', async () => {
    const watch = h.spawnKubectl('get', 'ng', '-n', 'kube-system', '-w');
    try {
      await watch.waitFor((t) => /general\s+1\s+7/.test(t));
      const patched = await h.kubectl('patch', 'ng', 'general', '-n', 'kube-system', '--type', 'merge', '-p', '{"spec":{"maxNodes":9}}');
      expect(patched.code).toBe(0);
      await watch.waitFor((t) => /general\s+1\s+9/.test(t));
    } finally {
      watch.stop();
    }
  });

  it('rejects the invalid example naming the fields', async () => {
    const r = await h.kubectl('apply', '-f', 'examples/invalid-nodegroup.yaml');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The NodeGroup "broken" is invalid');
    expect(r.stderr).toContain('spec.maxNodes');
    expect(r.stderr).toContain('spec.datacenterID: Required value');
    const absent = await h.kubectl('get', 'ng', 'broken', '-n', 'kube-system');
    expect(absent.stderr).toContain('not found');
  });

  it('rejects unknown fields under strict validation', async () => {
    const r = await h.kubectl('patch', 'ng', 'general', '-n', 'kube-system', '--type', 'merge', '-p', '{"spec":{"maxNode":3}}');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('unknown field "spec.maxNode"');
  });

  it('keeps an object with a finalizer Terminating until the finalizer is removed', async () => {
    const created = await h.kubectl('create', 'configmap', 'guarded', '--from-literal=a=b');
    expect(created.code).toBe(0);
    await h.kubectl('patch', 'configmap', 'guarded', '--type', 'merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
    const deleted = await h.kubectl('delete', 'configmap', 'guarded', '--wait=false');
    expect(deleted.stdout).toContain('configmap "guarded" deleted');
    const still = await h.kubectl('get', 'configmap', 'guarded', '-o', 'jsonpath={.metadata.deletionTimestamp}');
    expect(still.stdout).toMatch(/^\d{4}-\d\d-\d\dT/);
    await h.kubectl('patch', 'configmap', 'guarded', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
    const gone = await h.kubectl('get', 'configmap', 'guarded');
    expect(gone.stderr).toContain('configmaps "guarded" not found');
  });

  it('creates, sets resources on and scales a Deployment', async () => {
    const created = await h.kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2');
    expect(created.stdout.trim()).toBe('deployment.apps/web created');
    const set = await h.kubectl('set', 'resources', 'deployment', 'web', '--requests=cpu=200m,memory=256Mi', '--limits=cpu=500m');
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('deployment.apps/web resource requirements updated');
    const scaled = await h.kubectl('scale', 'deployment', 'web', '--replicas=5');
    expect(scaled.stdout.trim()).toBe('deployment.apps/web scaled');
    const got = await h.kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].resources.requests.cpu} {.spec.template.spec.containers[0].resources.limits.cpu} {.spec.template.spec.containers[0].image}');
    expect(got.stdout).toBe('5 200m 500m nginx:1.27');
    const listed = await h.kubectl('get', 'deployments');
    expect(listed.stdout).toMatch(/web\s+0\/5\s+0\s+0/);
  });

  it('applies a changed Deployment manifest with a strategic merge patch', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }, { name: 'sidecar', image: 'proxy:1' }] } },
      },
    });
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'apply-'));
    writeFileSync(join(dir, 'd.json'), manifest);
    expect((await h.kubectl('apply', '-f', join(dir, 'd.json'))).stdout).toContain('deployment.apps/api created');
    writeFileSync(join(dir, 'd.json'), manifest.replace('api:1', 'api:2'));
    const r = await h.kubectl('apply', '-f', join(dir, 'd.json'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('deployment.apps/api configured');
    const got = await h.kubectl('get', 'deployment', 'api', '-o', 'jsonpath={.spec.template.spec.containers[*].image}');
    expect(got.stdout).toBe('api:2 proxy:1');
  });

  it('deletes with kubectl and waits for the object to go', async () => {
    const r = await h.kubectl('delete', 'ng', 'general', '-n', 'kube-system');
    expect(r.stdout).toContain('nodegroup.autoscaler.vpsie.com "general" deleted');
    const gone = await h.kubectl('get', 'ng', '-n', 'kube-system');
    expect(gone.stderr).toContain('No resources found');
  });
});
