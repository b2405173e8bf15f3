import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { startController, type Controller } from '../app/controller.ts';
import { controllerConfigSchema } from '../infra/config/schema.ts';
import { loadKubeConfig } from '../infra/kube/kubeconfig.ts';
import { createLogger } from '../infra/log/logger.ts';
import { createRegistry } from '../infra/metrics/registry.ts';
import { startSimCluster } from '../sim/cluster.ts';
import { writeVpsieConnection } from '../sim/cluster/connection-files.ts';
import { startDebugServer } from '../app/ops-endpoints.ts';
import { liveLine } from './live-view.ts';
import { onShutdownSignal } from './signals.ts';

interface SimulateOptions {
  kubeconfig: string;
  vpsieFile: string;
  nodegroup: string;
  timeScale: number;
  debugPort: number;
  logLevel: string;
}

/**
 * The embedded demo: the simulated cluster and VPSie cloud, the autoscaler running against
 * them, and a NodeGroup to manage — everything `npm start` shows.
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run the autoscaler on the embedded simulated cluster and cloud, with a demo NodeGroup (Ctrl-C stops everything)')
    .option('--kubeconfig <path>', 'where to write the admin kubeconfig', '.sim/kubeconfig')
    .option('--vpsie-file <path>', 'where to write the VPSie connection details', '.sim/vpsie.json')
    .option('--nodegroup <file>', 'the NodeGroup to apply at start', 'examples/nodegroup.yaml')
    .option('--time-scale <n>', 'simulated seconds per real second', (v) => Number(v), 10)
    .option('--debug-port <port>', 'port of /debug/actors', (v) => Number(v), 8081)
    .option('--log-level <level>', 'log level of the autoscaler', 'warn')
    .action(async (o: SimulateOptions) => {
      const log = createLogger({ level: o.logLevel });
      const kubeconfigPath = resolve(o.kubeconfig);
      const cluster = await startSimCluster({ kubeconfigPath, timeScale: o.timeScale, living: true, api: { onError: (error) => log.error({ err: error }, 'simulator error') } });
      const files = writeVpsieConnection(resolve(o.vpsieFile), cluster.living!.connection());
      const kc = loadKubeConfig({ kubeconfigText: cluster.kubeconfig });
      const config = controllerConfigSchema.parse({ logLevel: o.logLevel, leaderElection: { enabled: false }, lifecycle: { pollIntervalMs: 500 } });
      const controller: Controller = await startController(config, { kc, log, registry: createRegistry() });
      const debug = await startDebugServer(() => controller, { host: '127.0.0.1', port: o.debugPort });
      const group = parseYaml(readFileSync(o.nodegroup, 'utf8')) as { metadata: { name: string; namespace: string } };
      await cluster.api.client().create('autoscaler.vpsie.com/nodegroups', group.metadata.namespace, group);
      process.stdout.write(
        [
          '',
          `vpsie-autoscaler is running on the simulated cluster (${o.timeScale}x time).`,
          `  kubeconfig: ${kubeconfigPath}    (kubectl get ng,vn,nodes -A -w)`,
          `  VPSie:      ${files.jsonPath}`,
          `  debug:      ${debug.url}/debug/actors`,
          `  NodeGroup ${group.metadata.namespace}/${group.metadata.name} applied from ${o.nodegroup}`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      const core = kc.makeApiClient(CoreV1Api);
      let last = '';
      const timer = setInterval(() => {
        core
          .listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' })
          .then((pods) => {
            const line = liveLine(controller, pods.items.length, new Date(cluster.clock.now()).toISOString().slice(11, 19));
            if (line.slice(11) !== last.slice(11)) process.stdout.write(`${line}\n`);
            last = line;
          })
          .catch((error: unknown) => log.warn({ err: error }, 'live view failed'));
      }, 1000);
      await onShutdownSignal();
      clearInterval(timer);
      await controller.stop();
      await debug.close();
      await cluster.close();
    });
}
