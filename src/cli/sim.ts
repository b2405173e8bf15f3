import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startSimCluster } from '../sim/cluster.ts';
import { createLogger } from '../infra/log/logger.ts';
import { onShutdownSignal } from './signals.ts';
import { parsePort } from './options.ts';

interface SimOptions {
  kubeconfig: string;
  host: string;
  port: number;
  logLevel: string;
}

export function tryCommands(kubeconfigPath: string): string[] {
  return [
    `export KUBECONFIG=${kubeconfigPath}`,
    'kubectl get nodes',
    'kubectl apply -f examples/nodegroup.yaml',
    'kubectl get ng -A            # NodeGroups with their printer columns',
    'kubectl get ng -A -w         # stream changes made from another shell',
    'kubectl describe ng general -n kube-system',
    'kubectl apply -f examples/invalid-nodegroup.yaml   # rejected, naming the field',
  ];
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run the embedded simulated Kubernetes cluster in the foreground (Ctrl-C stops it)')
    .option('--kubeconfig <path>', 'where to write the admin kubeconfig', '.sim/kubeconfig')
    .option('--host <address>', 'address the API server listens on', '127.0.0.1')
    .option('--port <port>', 'API server port (0 picks a free one)', parsePort, 0)
    .option('--log-level <level>', 'log level (debug logs every API request)', 'info')
    .action(async (o: SimOptions) => {
      const log = createLogger({ level: o.logLevel });
      const kubeconfigPath = resolve(o.kubeconfig);
      const cluster = await startSimCluster({
        kubeconfigPath,
        api: {
          host: o.host,
          port: o.port,
          onError: (error) => log.error({ err: error }, 'simulator error'),
          onRequest: (r) => log.debug(r, 'api request'),
        },
      });
      log.info({ url: cluster.api.url, kubeconfig: kubeconfigPath }, 'simulated cluster started');
      process.stdout.write(
        [
          '',
          `Simulated Kubernetes API server: ${cluster.api.url}`,
          `Kubeconfig: ${kubeconfigPath}`,
          '',
          'Try, from another shell:',
          ...tryCommands(kubeconfigPath).map((c) => `  ${c}`),
          '',
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await onShutdownSignal();
      log.info('stopping the simulated cluster');
      await cluster.close();
    });
}
