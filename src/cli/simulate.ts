import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CoreV1Api, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { pino } from 'pino';
import { parse as parseYaml } from 'yaml';
import { startController, type Controller } from '../app/controller.ts';
import { startDebugServer } from '../app/ops-endpoints.ts';
import { loadKubeConfig } from '../infra/kube/kubeconfig.ts';
import { createLogger } from '../infra/log/logger.ts';
import { createRegistry } from '../infra/metrics/registry.ts';
import { startSimCluster } from '../sim/cluster.ts';
import { writePrivate, writeVpsieConnection } from '../sim/cluster/connection-files.ts';
import { RunRecorder, type RunSummary } from '../sim/cluster/run-summary.ts';
import { loadScenario } from '../sim/cluster/scenario/scenario-file.ts';
import { runScenario, type ScenarioOutcome } from '../sim/cluster/scenario/scenario-runner.ts';
import type { Scenario } from '../sim/cluster/scenario/scenario-schema.ts';
import { livingOptionsOf } from '../sim/cluster/scenario/scenario-workloads.ts';
import { formatDuration } from '../sim/cluster/time/duration.ts';
import { accessManifests, AUTOSCALER_SERVICE_ACCOUNT, withCaBundle } from '../sim/deploy-access.ts';
import { parsePort, parseTimeScale } from './options.ts';
import { onShutdownSignal } from './signals.ts';
import { decisionLine, liveLine } from './simulate/live-view.ts';
import { simulatedControllerConfig } from './simulate/settings.ts';
import { summaryText } from './simulate/summary-text.ts';
import { startSimulatedWebhook } from './simulate/webhook.ts';

interface SimulateOptions {
  kubeconfig: string;
  vpsieFile: string;
  nodegroup: string;
  scenario: string;
  timeScale?: number;
  debugPort: number;
  logLevel: string;
  untilIdle?: boolean;
  json?: boolean;
}

interface NodeGroupManifest extends KubernetesObject {
  metadata: { name: string; namespace: string };
}

/** Reads the inputs before anything starts, so a bad file is a usage error (exit 2) naming it. */
function readInputs(o: SimulateOptions): { scenario: Scenario; group: NodeGroupManifest } {
  const scenario = loadScenario(o.scenario);
  let group: NodeGroupManifest;
  try {
    group = parseYaml(readFileSync(o.nodegroup, 'utf8')) as NodeGroupManifest;
  } catch (error) {
    throw new Error(`${o.nodegroup}: ${(error as Error).message}`, { cause: error });
  }
  if (group?.kind !== 'NodeGroup' || !group.metadata?.name || !group.metadata.namespace) throw new Error(`${o.nodegroup}: expected a NodeGroup with metadata.name and metadata.namespace`);
  return { scenario, group };
}

/**
 * The embedded demo, as the autoscaler would run in a cluster: the simulated cluster and cloud
 * with RBAC enforced, deploy/'s service accounts, roles and webhook configuration applied, the
 * admission webhook serving, and the controller running as its own service account. Then a
 * scenario runs (a burst, a scale-up, a load drop, a scale-down to the minimum by default).
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run the autoscaler on the embedded simulated cluster and cloud through a scenario (Ctrl-C stops everything)')
    .option('--scenario <file>', 'the scenario to run', 'examples/scenarios/demo.yaml')
    .option('--nodegroup <file>', 'the NodeGroup the autoscaler manages', 'examples/nodegroup.yaml')
    .option('--time-scale <n>', "simulated seconds per real second (default: the scenario's, else 10)", parseTimeScale)
    .option('--until-idle', 'exit when the scenario ends: 0 when its end condition was met, 1 when not')
    .option('--json', 'print the summary as JSON on stdout (everything else goes to stderr)')
    .option('--kubeconfig <path>', 'where to write the admin kubeconfig', '.sim/kubeconfig')
    .option('--vpsie-file <path>', 'where to write the VPSie connection details', '.sim/vpsie.json')
    .option('--debug-port <port>', 'port of the debug endpoints (/debug/actors, /debug/explain)', parsePort, 8081)
    .option('--log-level <level>', 'log level of the autoscaler and webhook (logs go to stderr)', 'warn')
    .action(async (o: SimulateOptions) => {
      let inputs: ReturnType<typeof readInputs>;
      try {
        inputs = readInputs(o);
      } catch (error) {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await simulate(o, inputs.scenario, inputs.group);
    });
}

async function simulate(o: SimulateOptions, scenario: Scenario, group: NodeGroupManifest): Promise<number> {
  const say = (line: string) => (o.json ? process.stderr : process.stdout).write(`${line}\n`);
  const log = createLogger({ level: o.logLevel, destination: pino.destination({ fd: 2, sync: true }) });
  const timeScale = o.timeScale ?? scenario.timeScale ?? 10;
  const kubeconfigPath = resolve(o.kubeconfig);
  const simDir = dirname(kubeconfigPath);
  const webhook = await startSimulatedWebhook(join(simDir, 'webhook'), log.child({ component: 'webhook' }), createRegistry({ defaultMetrics: false }));
  const cluster = await startSimCluster({
    kubeconfigPath,
    timeScale,
    living: livingOptionsOf(scenario),
    api: { rbac: true, admission: { resolveService: webhook.resolveService }, onError: (error) => log.error({ err: error }, 'simulator error') },
  }).catch(async (error: unknown) => {
    await webhook.close();
    throw error;
  });
  let controller: Controller | undefined;
  let debug: Awaited<ReturnType<typeof startDebugServer>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const living = cluster.living!;
    const files = writeVpsieConnection(resolve(o.vpsieFile), living.connection());
    const admin = loadKubeConfig({ kubeconfigText: cluster.kubeconfig });
    const objects = KubernetesObjectApi.makeApiClient(admin);
    for (const m of withCaBundle(accessManifests(), webhook.caPem)) await objects.create(m as KubernetesObject);
    const autoscalerKubeconfig = cluster.api.kubeConfig({ token: cluster.api.tokenForServiceAccount(AUTOSCALER_SERVICE_ACCOUNT.namespace, AUTOSCALER_SERVICE_ACCOUNT.name), user: AUTOSCALER_SERVICE_ACCOUNT.name });
    const autoscalerKubeconfigPath = join(simDir, 'autoscaler.kubeconfig');
    writePrivate(autoscalerKubeconfigPath, autoscalerKubeconfig);

    const running = await startController(simulatedControllerConfig(timeScale, o.logLevel), {
      kc: loadKubeConfig({ kubeconfigText: autoscalerKubeconfig }),
      log,
      registry: createRegistry(),
      now: () => new Date(cluster.clock.now()),
    });
    controller = running;
    debug = await startDebugServer(() => running, { host: '127.0.0.1', port: o.debugPort });
    await objects.create(group);

    const recorder = new RunRecorder(living, cluster.api.store);
    const run = await runScenario(scenario, cluster.api, living, (at, message) => say(`[sim +${formatDuration(at)}] ${message}`));
    say(
      [
        '',
        `vpsie-autoscaler is running on the simulated cluster: scenario "${run.name}", ${timeScale}x time.`,
        `  kubeconfig: ${kubeconfigPath}    kubectl --kubeconfig ${kubeconfigPath} get ng,vn,nodes -A -w`,
        `  the autoscaler runs as system:serviceaccount:${AUTOSCALER_SERVICE_ACCOUNT.namespace}:${AUTOSCALER_SERVICE_ACCOUNT.name} (${autoscalerKubeconfigPath}), under deploy/base RBAC`,
        `  admission webhook: ${webhook.server.url} (ValidatingWebhookConfiguration vpsie-autoscaler)`,
        `  VPSie: ${files.jsonPath}`,
        `  debug: ${debug.url}/debug/actors    explain: vpsie-autoscaler explain pod NS/NAME --debug-url ${debug.url}`,
        `  NodeGroup ${group.metadata.namespace}/${group.metadata.name} applied from ${o.nodegroup}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    timer = startLiveView(running, admin.makeApiClient(CoreV1Api), () => new Date(cluster.clock.now()).toISOString().slice(11, 19), say, log);

    const stopped = onShutdownSignal().then(() => undefined);
    const outcome: ScenarioOutcome | undefined = await Promise.race([run.done, stopped]);
    const summary = recorder.stop();
    if (outcome) {
      say(`scenario ${outcome.status === 'timeout' ? 'did not reach its end' : 'ended'}: ${outcome.message}`);
      report(o, run.name, outcome, summary, say);
      if (!o.untilIdle) await stopped;
    }
    return outcome?.status === 'timeout' ? 1 : 0;
  } finally {
    clearInterval(timer);
    await controller?.stop({ graceMs: 5_000 });
    await debug?.close();
    await cluster.close();
    await webhook.close();
  }
}

function report(o: SimulateOptions, scenario: string, outcome: ScenarioOutcome, summary: RunSummary, say: (line: string) => void): void {
  if (o.json) process.stdout.write(`${JSON.stringify({ scenario, outcome: outcome.status, message: outcome.message, ...summary })}\n`);
  else say(summaryText(summary));
}

/** Prints a line when the demo's state changes, and each decision that changed something. */
function startLiveView(controller: Controller, core: CoreV1Api, clock: () => string, say: (line: string) => void, log: ReturnType<typeof createLogger>): NodeJS.Timeout {
  let last = '';
  const told = new Set<string>();
  return setInterval(() => {
    for (const round of controller.decisions.recentRounds(10)) {
      const key = `${round.kind}@${round.at}`;
      if (told.has(key)) continue;
      told.add(key);
      if (told.size > 100) told.delete(told.values().next().value!);
      const line = decisionLine(round.record);
      if (line) say(`[${clock()}] decision ${line}`);
    }
    core
      .listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' })
      .then((pods) => {
        const line = liveLine(controller, pods.items.length, clock());
        if (line.slice(11) !== last.slice(11)) say(line);
        last = line;
      })
      .catch((error: unknown) => log.warn({ err: error }, 'live view failed'));
  }, 1000);
}
