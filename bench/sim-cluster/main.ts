/**
 * The simulated cluster's hot paths, in process:
 *   - the scheduler binding 3,000 pending pods onto 1,000 Ready nodes (decisions, bindings and
 *     Scheduled events), and a retry round for 3,000 pods that fit nowhere;
 *   - one heartbeat batch of 1,000 kubelets (Lease renewals);
 *   - a whole living cluster: 1,000 VPSie nodes booted and Ready, then a Deployment of 30,000 pods
 *     created, scheduled, started and Running.
 * CPU time is process.cpuUsage (user + system) over the work; the machine has 2 noisy cores.
 *   node --import tsx bench/sim-cluster/main.ts [--runs 3]
 */
import { startKubeApiServer } from '../../src/sim/kube/apiserver.ts';
import { startSimCluster } from '../../src/sim/cluster.ts';
import { ClusterCache } from '../../src/sim/cluster/cluster-cache.ts';
import { registrationNode } from '../../src/sim/cluster/kubelet/node-object.ts';
import { Scheduler } from '../../src/sim/cluster/scheduler/scheduler.ts';
import { createClusterClock } from '../../src/sim/cluster/time/clock.ts';
import { SimTimers } from '../../src/sim/cluster/time/timers.ts';
import { median, printTable } from '../support/table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const NODES = 1000;
const PODS = 3000;

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

const onError = (e: unknown) => {
  throw e;
};

async function schedulerRun(cpu: string, scheduledEvents: boolean): Promise<{ cpuMs: number; wallMs: number; decisionMs: number; rounds: number }> {
  const clock = createClusterClock();
  const api = await startKubeApiServer({ insecureHttp: true, now: () => new Date(clock.now()), onError });
  const client = api.client();
  for (let i = 0; i < NODES; i++) {
    const machine = { hostname: `node-${i}`, ip: `10.20.${i >> 8}.${i & 255}`, cpu: 4, memoryMb: 8192, diskGb: 160, instanceType: '104', region: 'ams1', kubeletVersion: 'v1.32.4', podCidrIndex: i };
    await client.create('/nodes', undefined, registrationNode(machine, new Date(clock.now()), true));
  }
  for (let i = 0; i < PODS; i++) {
    await client.create('/pods', 'default', { metadata: { name: `pod-${i}`, labels: { app: `app-${i % 30}` } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu, memory: '256Mi' } } }] } });
  }
  const timers = new SimTimers(clock, onError);
  const cache = new ClusterCache(api.store);
  const scheduler = new Scheduler({ api, cache, timers, onError }, { scheduledEvents });
  const start = process.cpuUsage();
  const wall = performance.now();
  scheduler.start();
  if (cpu === '100m') await until(() => scheduler.stats.bound === PODS);
  else await until(() => scheduler.stats.failedAttempts === PODS);
  // Let the last status and event writes land before the clock stops.
  await new Promise((r) => setTimeout(r, 0));
  const result = { cpuMs: cpuMs(start), wallMs: performance.now() - wall, decisionMs: scheduler.stats.decisionMs, rounds: scheduler.stats.rounds };
  scheduler.stop();
  timers.stop();
  cache.stop();
  await api.close();
  return result;
}

async function heartbeatRun(): Promise<number> {
  const cluster = await startSimCluster({ installCrds: false, api: { insecureHttp: true }, living: { leaseRenewIntervalMs: 10_000 } });
  const client = cluster.api.client();
  for (let i = 0; i < NODES; i++) {
    await client.create('/nodes', undefined, { metadata: { name: `static-${i}` }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
  }
  const lease = (i: number) => (cluster.api.store.get('coordination.k8s.io/leases', 'kube-node-lease', `static-${i}`)?.object.spec as { renewTime?: string } | undefined)?.renewTime;
  await until(() => lease(NODES - 1) !== undefined);
  const before = Array.from({ length: NODES }, (_, i) => lease(i));
  const start = process.cpuUsage();
  cluster.clock.advance(10_000);
  await until(() => before.every((b, i) => lease(i) !== b));
  const used = cpuMs(start);
  await cluster.close();
  return used;
}

async function clusterRun(): Promise<{ nodesMs: number; podsMs: number; podsCpuMs: number; rssMiB: number; nodeMetricsMs: number }> {
  const started = performance.now();
  const cluster = await startSimCluster({
    installCrds: false,
    timeScale: 20,
    api: { insecureHttp: true },
    living: { readyTimeoutMs: 300_000, vpsie: { maxVms: 2 * NODES }, nodeGroups: [{ name: 'general', offering: 'k8s-4-8', nodes: NODES }] },
  });
  const nodesMs = performance.now() - started;
  const cache = cluster.living!.cache;
  const podsStarted = performance.now();
  const cpu = process.cpuUsage();
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
  await cluster.api.client().create('apps/deployments', 'default', { metadata: { name: 'web' }, spec: { replicas: 10 * PODS, selector: { matchLabels: { app: 'web' } }, template } });
  const running = () => {
    let n = 0;
    for (const p of cache.pods.values()) if (p.status?.phase === 'Running') n++;
    return n;
  };
  while (running() < 10 * PODS) await new Promise((r) => setTimeout(r, 100));
  const podsMs = performance.now() - podsStarted;
  const podsCpuMs = cpuMs(cpu);
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  const metricsStarted = performance.now();
  cluster.api.context.metrics(cluster.api.registry.lookup('metrics.k8s.io', 'v1beta1', 'nodes')!);
  const nodeMetricsMs = performance.now() - metricsStarted;
  await cluster.close();
  return { nodesMs, podsMs, podsCpuMs, rssMiB, nodeMetricsMs };
}

const bind: number[] = [];
const bindWall: number[] = [];
const decisions: number[] = [];
const decide: number[] = [];
const unschedulable: number[] = [];
const heartbeat: number[] = [];
const whole: Awaited<ReturnType<typeof clusterRun>>[] = [];
for (let run = 0; run < runs; run++) {
  const full = await schedulerRun('100m', true);
  bind.push(full.cpuMs);
  bindWall.push(full.wallMs);
  decisions.push(full.decisionMs);
  decide.push((await schedulerRun('100m', false)).cpuMs);
  unschedulable.push((await schedulerRun('64', false)).cpuMs);
  heartbeat.push(await heartbeatRun());
  whole.push(await clusterRun());
}
const pick = (f: (w: (typeof whole)[number]) => number) => median(whole.map(f));

const b = median(bind);
const dm = median(decisions);
const d = median(decide);
const u = median(unschedulable);
const hb = median(heartbeat);
printTable(`simulated cluster (${runs} runs, 2 cores, in process)`, [
  { name: `schedule ${PODS} pending pods onto ${NODES} nodes: CPU, with Scheduled events`, figure: `${b.toFixed(0)} ms`, target: '< 1,000 ms', met: b < 1000, note: `wall ${median(bindWall).toFixed(0)} ms; bindings go through the API (admission, store, watch)` },
  { name: `  of which filtering and scoring`, figure: `${dm.toFixed(0)} ms`, target: '< 250 ms', met: dm < 250, note: 'about 420 feasible nodes scored per pod (numFeasibleNodesToFind)' },
  { name: `same, without Scheduled events`, figure: `${d.toFixed(0)} ms`, target: '< 1,000 ms', met: d < 1000 },
  { name: `${PODS} pods that fit nowhere: one round, conditions and events`, figure: `${u.toFixed(0)} ms`, target: '< 1,000 ms', met: u < 1000, note: 'identical pods share one verdict' },
  { name: `one heartbeat batch of ${NODES} kubelets (Lease renewals)`, figure: `${hb.toFixed(0)} ms`, target: '< 250 ms', met: hb < 250, note: 'every 10 s of simulated time' },
  { name: `${NODES} VPSie nodes booted, registered and Ready`, figure: `${(pick((w) => w.nodesMs) / 1000).toFixed(1)} s`, target: '< 10 s', met: pick((w) => w.nodesMs) < 10_000, note: 'boot and join delays jumped over' },
  { name: `then ${10 * PODS} pods of one Deployment Running: wall`, figure: `${(pick((w) => w.podsMs) / 1000).toFixed(1)} s`, target: '< 60 s', met: pick((w) => w.podsMs) < 60_000, note: `CPU ${(pick((w) => w.podsCpuMs) / 1000).toFixed(1)} s, mostly the API server's writes; RSS ${pick((w) => w.rssMiB).toFixed(0)} MiB` },
  { name: `NodeMetrics of ${NODES} nodes with ${10 * PODS} pods`, figure: `${pick((w) => w.nodeMetricsMs).toFixed(0)} ms`, target: '< 250 ms', met: pick((w) => w.nodeMetricsMs) < 250 },
]);
