import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { startSimCluster, type SimCluster } from '../sim/cluster.ts';
import { writeVpsieConnection } from '../sim/cluster/connection-files.ts';
import { loadScenario } from '../sim/cluster/scenario/scenario-file.ts';
import type { Scenario } from '../sim/cluster/scenario/scenario-schema.ts';
import { formatDuration } from '../sim/cluster/time/duration.ts';
import { createLogger } from '../infra/log/logger.ts';
import { onShutdownSignal } from './signals.ts';
import { parsePort, parseTimeScale } from './options.ts';

interface SimOptions {
  kubeconfig: string;
  host: string;
  port: number;
  logLevel: string;
  scenario?: string;
  timeScale?: number;
  nodes: number;
  offering: string;
  vpsieFile: string;
  apiOnly?: boolean;
  exitAtEnd?: boolean;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new InvalidArgumentError('expected a whole number from 0 to 1000');
  return n;
}

export function tryCommands(kubeconfigPath: string, living: boolean): string[] {
  return [
    `export KUBECONFIG=${kubeconfigPath}`,
    'kubectl get nodes -o wide',
    ...(living ? ['kubectl get pods -A -o wide', 'kubectl top nodes', `node bin/vpsie-autoscaler.js vpsie check --kubeconfig ${kubeconfigPath}`] : []),
    'kubectl apply -f examples/nodegroup.yaml',
    'kubectl get ng -A            # NodeGroups with their printer columns',
    'kubectl get ng -A -w         # stream changes made from another shell',
    'kubectl describe ng general -n kube-system',
    'kubectl apply -f examples/invalid-nodegroup.yaml   # rejected, naming the field',
  ];
}

function describeLiving(cluster: SimCluster, files: { jsonPath: string; caFile: string } | undefined): string[] {
  const living = cluster.living;
  if (!living) return [];
  const offerings = new Map(living.vpsie.cloud.k8sOfferings().map((o) => [o.id, o.name]));
  const groups = living.nodeGroups().map((g) => `${g.name} (${offerings.get(g.offeringId)}, offering ${g.offeringId}): ${g.nodesCount} node(s)`);
  return [
    `Simulated VPSie API: ${living.vpsie.url}`,
    `  Kubernetes cluster ${living.vpsieCluster.identifier} (${living.vpsieCluster.name}, ${living.vpsieCluster.kubeVersion}) in ${living.datacenter.name} (${living.datacenter.code})`,
    `  node groups: ${groups.length ? groups.join('; ') : 'none'}`,
    `  credentials: Secret kube-system/vpsie-secret${files ? ` and ${files.jsonPath} (CA ${files.caFile})` : ''}`,
    `Kubelets, scheduler, controllers and metrics.k8s.io run; time: ${cluster.clock.timeScale} simulated second(s) per second`,
  ];
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run the embedded simulated cluster and VPSie cloud in the foreground (Ctrl-C stops it)')
    .option('--kubeconfig <path>', 'where to write the admin kubeconfig', '.sim/kubeconfig')
    .option('--host <address>', 'address the API server listens on', '127.0.0.1')
    .option('--port <port>', 'API server port (0 picks a free one)', parsePort, 0)
    .option('--log-level <level>', 'log level (debug logs every API request)', 'info')
    .option('--scenario <file>', 'run a scenario file (see examples/scenarios)')
    .option('--time-scale <n>', 'simulated seconds per real second (default 1, or the scenario\'s)', parseTimeScale)
    .option('--nodes <n>', 'worker nodes Ready at start in node group "general" (without --scenario)', parseCount, 2)
    .option('--offering <id|name>', 'K8s offering of node group "general" (without --scenario)', 'k8s-4-8')
    .option('--vpsie-file <path>', 'where to write the VPSie connection (url, caFile, credentials, ids)', '.sim/vpsie.json')
    .option('--api-only', 'run the Kubernetes API server alone: no VPSie cloud, kubelets or scheduler')
    .option('--exit-at-end', 'exit when the scenario ends: 0 when its end condition was met, 1 when not')
    .action(async (o: SimOptions) => {
      const log = createLogger({ level: o.logLevel });
      const kubeconfigPath = resolve(o.kubeconfig);
      const scenario: Scenario | undefined = o.scenario ? loadScenario(o.scenario) : undefined;
      const cluster = await startSimCluster({
        kubeconfigPath,
        timeScale: o.timeScale,
        api: {
          host: o.host,
          port: o.port,
          onError: (error) => log.error({ err: error }, 'simulator error'),
          onRequest: (r) => log.debug(r, 'api request'),
        },
        living: o.apiOnly ? undefined : scenario ? true : { nodeGroups: [{ name: 'general', offering: o.offering, nodes: o.nodes }] },
        scenario: o.apiOnly ? undefined : scenario,
        scenarioLog: (at, message) => process.stdout.write(`[sim +${formatDuration(at)}] ${message}\n`),
      });
      const files = cluster.living ? writeVpsieConnection(resolve(o.vpsieFile), cluster.living.connection()) : undefined;
      log.info({ url: cluster.api.url, kubeconfig: kubeconfigPath, vpsie: cluster.living?.vpsie.url }, 'simulated cluster started');
      process.stdout.write(
        [
          '',
          `Simulated Kubernetes API server: ${cluster.api.url}`,
          `Kubeconfig: ${kubeconfigPath}`,
          ...describeLiving(cluster, files),
          ...(cluster.scenario ? [`Scenario: ${cluster.scenario.name}`] : []),
          '',
          'Try, from another shell:',
          ...tryCommands(kubeconfigPath, Boolean(cluster.living)).map((c) => `  ${c}`),
          '',
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      const outcome = o.exitAtEnd && cluster.scenario ? await Promise.race([cluster.scenario.done, onShutdownSignal().then(() => undefined)]) : await onShutdownSignal().then(() => undefined);
      log.info('stopping the simulated cluster');
      await cluster.close();
      if (outcome?.status === 'timeout') throw new Error(`scenario end condition not met: ${outcome.message}`);
    });
}
