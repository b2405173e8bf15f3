import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from '../support/sim.ts';
import { DeployCopy, kubectlWithInput, kustomize, type Manifest, parseManifests } from './manifests.ts';

let h: SimHarness;
let copy: DeployCopy;
let cacheDir: string;

beforeAll(async () => {
  // The CRDs come from the apply, as on a real cluster.
  h = await startHarness({ installCrds: false });
  copy = new DeployCopy();
  cacheDir = join(copy.dir, '.kube-cache');
});
afterAll(async () => {
  await h.close();
  copy.remove();
});

const apply = (yaml: string) => kubectlWithInput(h.kubeconfigPath, cacheDir, yaml, 'apply', '-f', '-');

/** What `kubectl apply` prints for an object: `<resource>.<group>/<name>`, e.g. deployment.apps/vpsie-autoscaler. */
function appliedName(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  const resource = m.kind.toLowerCase();
  return `${resource}${group ? `.${group}` : ''}/${m.metadata.name}`;
}

describe('kubectl apply of the rendered manifests to the simulated API server', () => {
  it('applies deploy/ (CRDs and base) cleanly, every object reported, then reports every object unchanged', async () => {
    const yaml = await kustomize(copy.path('all'));
    const manifests = parseManifests(yaml);
    const first = await apply(yaml);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const m of manifests) expect(first.stdout).toMatch(new RegExp(`^${appliedName(m).replace(/\./g, '\\.')} (created|configured|unchanged)$`, 'm'));
    const second = await apply(yaml);
    expect(second.code).toBe(0);
    // A PodDisruptionBudget's selector has patch strategy "replace", so kubectl's client-side
    // apply always sends it and reports the PDB configured, against a real API server too.
    const expected = manifests.map((m) => `${appliedName(m)} ${m.kind === 'PodDisruptionBudget' ? 'configured' : 'unchanged'}`);
    expect(second.stdout.trim().split('\n').sort()).toEqual(expected.sort());
  });

  it('stores what was applied: the Deployments, Services, PDBs, RBAC and webhook configuration read back', async () => {
    await apply(await kustomize(copy.path('base')));
    const r = await h.kubectl(
      'get',
      '-n',
      'kube-system',
      'deployments,services,poddisruptionbudgets,serviceaccounts,roles,rolebindings',
      '-l',
      'app.kubernetes.io/part-of=vpsie-autoscaler',
      '-o',
      'name',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(
      [
        'deployment.apps/vpsie-autoscaler',
        'deployment.apps/vpsie-autoscaler-webhook',
        'service/vpsie-autoscaler-metrics',
        'service/vpsie-autoscaler-webhook',
        'service/vpsie-autoscaler-webhook-metrics',
        'poddisruptionbudget.policy/vpsie-autoscaler',
        'poddisruptionbudget.policy/vpsie-autoscaler-webhook',
        'serviceaccount/vpsie-autoscaler',
        'serviceaccount/vpsie-autoscaler-webhook',
        'role.rbac.authorization.k8s.io/vpsie-autoscaler',
        'rolebinding.rbac.authorization.k8s.io/vpsie-autoscaler',
      ].sort(),
    );
    const cluster = await h.kubectl('get', 'clusterroles,clusterrolebindings,validatingwebhookconfigurations', '-l', 'app.kubernetes.io/part-of=vpsie-autoscaler', '-o', 'name');
    expect(cluster.stdout.trim().split('\n').sort()).toEqual(
      [
        'clusterrole.rbac.authorization.k8s.io/vpsie-autoscaler',
        'clusterrolebinding.rbac.authorization.k8s.io/vpsie-autoscaler',
        'validatingwebhookconfiguration.admissionregistration.k8s.io/vpsie-autoscaler',
      ].sort(),
    );
  });

  it('applies the development overlay with a provided CA: the certificate Secret and the caBundle land', async () => {
    const yaml = await kustomize(copy.path('development'));
    const r = await apply(yaml);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const secretName = parseManifests(yaml).find((m) => m.kind === 'Secret')!.metadata.name;
    const secret = await h.kubectl('get', 'secret', '-n', 'kube-system', secretName, '-o', 'jsonpath={.type}');
    expect(secret.stdout).toBe('kubernetes.io/tls');
    const bundles = await h.kubectl('get', 'validatingwebhookconfiguration', 'vpsie-autoscaler', '-o', 'jsonpath={.webhooks[*].clientConfig.caBundle}');
    const decoded = bundles.stdout.split(' ').map((b) => Buffer.from(b, 'base64').toString('utf8'));
    expect(decoded).toEqual([copy.ca.certPem, copy.ca.certPem, copy.ca.certPem]);
  });
});
