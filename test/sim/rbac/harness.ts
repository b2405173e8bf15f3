import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { startHarness, type KubectlResult, type SimHarness } from '../../support/sim.ts';

/** The simulated cluster with RBAC on, plus service-account identities for kubectl and client-node. */
export interface RbacHarness {
  readonly sim: SimHarness;
  /** kubectl as the admin (system:masters). */
  kubectl(...args: string[]): Promise<KubectlResult>;
  /** kubectl holding a token of a service account. */
  kubectlAs(namespace: string, name: string, ...args: string[]): Promise<KubectlResult>;
  /** A client-node KubeConfig holding a token of a service account. */
  kubeConfigAs(namespace: string, name: string): KubeConfig;
  /** `kubectl apply` of objects as the admin; fails the test when kubectl does. */
  apply(...objects: object[]): Promise<void>;
  close(): Promise<void>;
}

export async function startRbacHarness(): Promise<RbacHarness> {
  const sim = await startHarness({ api: { rbac: true } });
  const dir = mkdtempSync(join(tmpdir(), 'vpsie-rbac-'));
  const tokens = new Map<string, string>();
  const tokenOf = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = sim.cluster.api.tokenForServiceAccount(namespace, name)));
    return token;
  };
  const kubeconfigTextAs = (namespace: string, name: string) => sim.cluster.api.kubeConfig({ token: tokenOf(namespace, name), user: name });
  let files = 0;
  const run = (kubeconfigPath: string, args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  return {
    sim,
    kubectl: (...args) => sim.kubectl(...args),
    kubectlAs(namespace, name, ...args) {
      const path = join(dir, `${namespace}-${name}.kubeconfig`);
      writeFileSync(path, kubeconfigTextAs(namespace, name), { mode: 0o600 });
      return run(path, args);
    },
    kubeConfigAs(namespace, name) {
      const kc = new KubeConfig();
      kc.loadFromString(kubeconfigTextAs(namespace, name));
      return kc;
    },
    async apply(...objects) {
      const path = join(dir, `apply-${files++}.yaml`);
      writeFileSync(path, objects.map((o) => stringify(o)).join('---\n'));
      const r = await sim.kubectl('apply', '-f', path);
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    },
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
