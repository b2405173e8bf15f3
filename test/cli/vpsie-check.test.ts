import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
const dir = mkdtempSync(join(tmpdir(), 'vpsie-check-'));

beforeAll(async () => {
  h = await startHarness({ living: true, timeScale: 50 });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('vpsie-autoscaler vpsie check', () => {
  it('logs in with the Secret read through the kubeconfig and prints datacenters and offerings', async () => {
    const r = await cli('vpsie', 'check', '--kubeconfig', h.kubeconfigPath);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/k8s-2-4/);
    const { clientSecret } = h.cluster.living!.connection();
    expect(r.stdout).not.toContain(clientSecret);
  });

  it('fails with one line naming auth when the credentials are wrong, and prints no secret', async () => {
    const conn = h.cluster.living!.connection();
    const secretFile = join(dir, 'wrong-secret');
    writeFileSync(secretFile, 'not-the-secret&=+%é\n');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, conn.caPem);
    const r = await cli('vpsie', 'check', '--url', conn.url, '--client-id', conn.clientId, '--client-secret-file', secretFile, '--ca-file', caFile);
    expect(r.code).not.toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^VPSie check failed: auth: /);
    expect(r.stdout + r.stderr).not.toContain('not-the-secret');
  });

  it('fails naming TLS when the endpoint only speaks TLS 1.1', async () => {
    const conn = h.cluster.living!.connection();
    h.cluster.living!.vpsie.faults.set({ tls: 'tls1.1-only' });
    try {
      const r = await cli('vpsie', 'check', '--kubeconfig', h.kubeconfigPath);
      expect(r.code).not.toBe(0);
      expect(r.stdout.trim()).toMatch(/^VPSie check failed: TLS: /);
      expect(r.stdout).not.toContain(conn.clientSecret);
    } finally {
      h.cluster.living!.vpsie.faults.clear();
    }
  });

  it('says what is missing when the Secret has no credentials', async () => {
    const core = h.kc.makeApiClient(CoreV1Api);
    const secret = await core.readNamespacedSecret({ namespace: 'kube-system', name: 'vpsie-secret' });
    await core.patchNamespacedSecret({ namespace: 'kube-system', name: 'vpsie-secret', body: { data: { clientSecret: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    try {
      const r = await cli('vpsie', 'check', '--kubeconfig', h.kubeconfigPath);
      expect(r.code).toBe(1);
      expect(r.stdout.trim()).toBe('VPSie check failed: configuration: Secret kube-system/vpsie-secret has no usable VPSie credentials: key clientSecret missing (or set token)');
    } finally {
      await core.replaceNamespacedSecret({ namespace: 'kube-system', name: 'vpsie-secret', body: { ...secret, metadata: { name: 'vpsie-secret', namespace: 'kube-system' } } });
    }
  });
});
