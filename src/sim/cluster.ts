import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClusterClock, type ClusterClock } from './cluster/time/clock.ts';
import { type LivingCluster, type LivingClusterOptions, startJumpMs, startLivingCluster } from './cluster/living-cluster.ts';
import { runScenario, type ScenarioLog, type ScenarioRun } from './cluster/scenario/scenario-runner.ts';
import type { Scenario } from './cluster/scenario/scenario-schema.ts';
import { livingOptionsOf } from './cluster/scenario/scenario-workloads.ts';
import { installCrds } from './crds.ts';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './kube/apiserver.ts';

export interface SimClusterOptions {
  api?: KubeApiServerOptions;
  /** Where to write the admin kubeconfig; not written when absent. */
  kubeconfigPath?: string;
  /** Install deploy/crds at start (default true). */
  installCrds?: boolean;
  /** Simulated seconds per real second for every delay of the simulation (default 1). */
  timeScale?: number;
  /**
   * Bring the cluster to life: a simulated VPSie cloud with one Kubernetes cluster, kubelets,
   * scheduler, controllers and metrics (`true` for the defaults). Absent: the API server alone.
   */
  living?: boolean | LivingClusterOptions;
  /**
   * A scenario (see `loadScenario`) to run once the cluster is up; implies `living`, and its
   * `cluster` section and `timeScale` apply unless the options above set them.
   */
  scenario?: Scenario;
  /** Where the scenario's steps and outcome are told. */
  scenarioLog?: ScenarioLog;
}

/** The embedded simulated cluster: what `npm start`, the tests and the benchmarks run against. */
export interface SimCluster {
  readonly api: KubeApiServer;
  /** The admin kubeconfig (YAML). */
  readonly kubeconfig: string;
  readonly kubeconfigPath?: string;
  /** The simulation's clock; the API server stamps objects with its time. */
  readonly clock: ClusterClock;
  /** The cloud, kubelets, scheduler and controllers, when started with `living`. */
  readonly living?: LivingCluster;
  /** The scenario being run, when started with one. */
  readonly scenario?: ScenarioRun;
  close(): Promise<void>;
}

export async function startSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const livingOptions = { ...(options.scenario ? livingOptionsOf(options.scenario) : {}), ...(typeof options.living === 'object' ? options.living : {}) };
  const isLiving = Boolean(options.living || options.scenario);
  // The clock jumps over the initial nodes' boot and join: start that far back, so that it ends level with the wall clock.
  const clock = createClusterClock({ timeScale: options.timeScale ?? options.scenario?.timeScale, startMs: Date.now() - (isLiving ? startJumpMs(livingOptions) : 0) });
  const api = await startKubeApiServer({ now: () => new Date(clock.now()), ...options.api });
  let living: LivingCluster | undefined;
  try {
    if (options.installCrds ?? true) await installCrds(api.client());
    if (isLiving) living = await startLivingCluster(api, clock, livingOptions, options.api?.onError);
    const scenario = options.scenario && living ? await runScenario(options.scenario, api, living, options.scenarioLog) : undefined;
    const kubeconfig = api.kubeConfig();
    if (options.kubeconfigPath) {
      mkdirSync(dirname(options.kubeconfigPath), { recursive: true });
      // The kubeconfig holds the admin token: readable by its owner only.
      writeFileSync(options.kubeconfigPath, kubeconfig, { mode: 0o600 });
    }
    return {
      api,
      kubeconfig,
      kubeconfigPath: options.kubeconfigPath,
      clock,
      living,
      scenario,
      async close() {
        scenario?.stop();
        await living?.close();
        await api.close();
      },
    };
  } catch (error) {
    await living?.close();
    await api.close();
    throw error;
  }
}
