import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../src/infra/kube/kubeconfig.ts';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../src/sim/cluster.ts';
import { trackSecret } from './secrets.ts';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SimHarness {
  cluster: SimCluster;
  kubeconfigPath: string;
  /** A client-node KubeConfig for the admin, with connection reuse. */
  kc: KubeConfig;
  /** Runs the real kubectl against the simulator. */
  kubectl(...args: string[]): Promise<KubectlResult>;
  /** Starts a long-running kubectl (e.g. `get -w`); the caller stops it. */
  spawnKubectl(...args: string[]): RunningKubectl;
  close(): Promise<void>;
}

export async function startHarness(options: SimClusterOptions = {}): Promise<SimHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsie-sim-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const cluster = await startSimCluster({ ...options, kubeconfigPath });
  trackSecret(cluster.api.adminToken);
  if (cluster.living) trackSecret(cluster.living.connection().clientSecret);
  writeFileSync(kubeconfigPath, cluster.kubeconfig);
  // A cache per harness: kubectl's discovery cache must not outlive the server it describes.
  const base = ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache')];
  return {
    cluster,
    kubeconfigPath,
    kc: loadKubeConfig({ kubeconfigText: cluster.kubeconfig }),
    kubectl: (...args) =>
      new Promise((resolve) => {
        execFile('kubectl', [...base, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
    spawnKubectl: (...args) => new RunningKubectl(spawn('kubectl', [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })),
    async close() {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A kubectl that keeps running (`get -w`). All its output is kept from the start, so nothing it
 * prints between two waits is lost.
 */
export class RunningKubectl {
  stdout = '';
  stderr = '';
  #process: ChildProcess;
  #waiters = new Set<() => void>();

  constructor(process: ChildProcess) {
    this.#process = process;
    process.stdout!.on('data', (d: Buffer) => {
      this.stdout += d.toString();
      for (const w of this.#waiters) w();
    });
    process.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Resolves when `predicate` holds for everything printed so far, or rejects after `ms`. */
  waitFor(predicate: (stdout: string) => boolean, ms = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.stdout)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for kubectl output; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, ms);
      this.#waiters.add(check);
      check();
    });
  }

  stop(): void {
    this.#process.kill();
  }
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 10_000, every = 25): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
