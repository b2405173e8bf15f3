import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { installCrds } from './crds.ts';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './kube/apiserver.ts';

export interface SimClusterOptions {
  api?: KubeApiServerOptions;
  /** Where to write the admin kubeconfig; not written when absent. */
  kubeconfigPath?: string;
  /** Install deploy/crds at start (default true). */
  installCrds?: boolean;
}

/** The embedded simulated cluster: what `npm start`, the tests and the benchmarks run against. */
export interface SimCluster {
  readonly api: KubeApiServer;
  /** The admin kubeconfig (YAML). */
  readonly kubeconfig: string;
  readonly kubeconfigPath?: string;
  close(): Promise<void>;
}

export async function startSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const api = await startKubeApiServer(options.api);
  try {
    if (options.installCrds ?? true) await installCrds(api.client());
    const kubeconfig = api.kubeConfig();
    if (options.kubeconfigPath) {
      mkdirSync(dirname(options.kubeconfigPath), { recursive: true });
      // The kubeconfig holds the admin token: readable by its owner only.
      writeFileSync(options.kubeconfigPath, kubeconfig, { mode: 0o600 });
    }
    return { api, kubeconfig, kubeconfigPath: options.kubeconfigPath, close: () => api.close() };
  } catch (error) {
    await api.close();
    throw error;
  }
}
