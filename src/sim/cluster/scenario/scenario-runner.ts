import type { KubeApiServer } from '../../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../../kube/apiserver.ts';
import type { FaultSpec } from '../../vpsie/index.ts';
import type { LivingCluster } from '../living-cluster.ts';
import { formatDuration } from '../time/duration.ts';
import { evaluateEnd } from './end-condition.ts';
import type { Scenario, ScenarioStep } from './scenario-schema.ts';
import { pdbObject, usagePoints, workloadObject } from './scenario-workloads.ts';

export interface ScenarioOutcome {
  /** `met`: the end condition held; `timeout`: it did not by `end.after`; `finished`: no condition, the time or the steps ran out. */
  status: 'met' | 'timeout' | 'finished';
  /** Simulated milliseconds since the scenario started. */
  atMs: number;
  message: string;
}

export interface ScenarioRun {
  readonly name: string;
  /** Simulated time the scenario started at. */
  readonly startedAt: number;
  readonly done: Promise<ScenarioOutcome>;
  stop(): void;
}

/** One line per thing a scenario does, with its simulated time. */
export type ScenarioLog = (atMs: number, message: string) => void;

const WORKLOAD_KEYS = { Deployment: 'apps/deployments', DaemonSet: 'apps/daemonsets' } as const;

/**
 * Runs a scenario on a living cluster: creates its namespaces, workloads and PDBs, gives them their
 * usage profiles, runs each step at its simulated time and settles `done` by the end condition.
 */
export async function runScenario(scenario: Scenario, api: KubeApiServer, living: LivingCluster, log: ScenarioLog = () => {}): Promise<ScenarioRun> {
  const client = api.client(CONTROL_PLANE_USER);
  const { timers, clock, vpsie } = living;
  const start = clock.now();
  const since = () => clock.now() - start;
  const cancels: (() => void)[] = [];
  let faults: FaultSpec = {};
  let settle: (o: ScenarioOutcome) => void = () => {};
  const done = new Promise<ScenarioOutcome>((resolve) => (settle = resolve));
  let finished = false;
  const finish = (status: ScenarioOutcome['status'], message: string) => {
    if (finished) return;
    finished = true;
    for (const c of cancels.splice(0)) c();
    log(since(), `end: ${message}`);
    settle({ status, atMs: since(), message });
  };

  for (const ns of new Set(scenario.workloads.map((w) => w.namespace))) {
    if (!client.tryGet('/namespaces', undefined, ns)) await client.create('/namespaces', undefined, { metadata: { name: ns } });
  }
  for (const w of scenario.workloads) {
    const points = usagePoints(w, start);
    if (points) living.usage.setProfile(w.namespace, w.name, points);
    await client.create(WORKLOAD_KEYS[w.kind], w.namespace, workloadObject(w));
    const pdb = pdbObject(w);
    if (pdb) await client.create('policy/poddisruptionbudgets', w.namespace, pdb);
    log(0, `created ${w.kind} ${w.namespace}/${w.name}${w.kind === 'Deployment' ? ` with ${w.replicas ?? 1} replicas` : ''}`);
  }

  const offeringId = (ref: number | string) => {
    const found = vpsie.cloud.k8sOfferings().find((o) => o.id === Number(ref) || o.name === ref);
    if (!found) throw new Error(`unknown offering ${ref}`);
    return found.id;
  };
  const groupId = (name: string) => living.nodeGroups().find((g) => g.name === name)?.id;
  const workload = (name: string) => scenario.workloads.find((w) => w.name === name)!;

  const act = async (step: ScenarioStep): Promise<string> => {
    if (step.scale !== undefined) {
      const w = workload(step.scale);
      await client.mergePatch('apps/deployments', w.namespace, w.name, { spec: { replicas: step.replicas } });
      return `scaled ${w.name} to ${step.replicas}`;
    }
    if (step.usage !== undefined) {
      const w = workload(step.usage);
      living.usage.setUsageFrom(w.namespace, w.name, { at: clock.now(), ...(step.cpu ? { cpu: step.cpu.value } : {}), ...(step.memory ? { memory: step.memory.value } : {}) });
      return `usage of ${w.name}: ${[step.cpu && `cpu ${step.cpu.text}`, step.memory && `memory ${step.memory.text}`].filter(Boolean).join(', ')} per pod`;
    }
    if (step.fault !== undefined) {
      const f = step.fault;
      if (f === 'clear') {
        faults = {};
        vpsie.faults.clear();
        return 'cleared VPSie faults';
      }
      const endpoints = { ...faults.endpoints };
      if (f.errors) endpoints[f.errors.endpoint] = { ...endpoints[f.errors.endpoint], errorRate: f.errors.rate, errorStatus: f.errors.status };
      if (f.latency) endpoints[f.latency.endpoint] = { ...endpoints[f.latency.endpoint], latencyMs: f.latency.ms };
      const exhausted = f.capacity ? [f.capacity.offering].flat().map(offeringId) : [];
      faults = { ...faults, endpoints, exhaustedOfferings: [...new Set([...(faults.exhaustedOfferings ?? []), ...exhausted])] };
      vpsie.faults.set(faults);
      if (f.quota) vpsie.cloud.setQuota({ maxVms: f.quota.maxVms });
      return `VPSie fault: ${JSON.stringify(f)}`;
    }
    if (step.killNode !== undefined) {
      const target = step.killNode;
      const gid = target.group ? groupId(target.group) : undefined;
      const vms = vpsie.cloud
        .clusterVms(living.vpsieCluster.identifier)
        .filter((vm) => vm.role === 'slave' && (gid === undefined || vm.groupId === gid) && (!target.node || vm.hostname === target.node))
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      const vm = vms[0];
      if (!vm) return `killNode: no VM matches ${JSON.stringify(target)}`;
      vpsie.cloud.deleteNode(living.vpsieCluster.identifier, vm.identifier);
      return `VM of node ${vm.hostname} deleted`;
    }
    if (step.addNodes !== undefined) {
      const gid = groupId(step.addNodes.group)!;
      for (let i = 0; i < step.addNodes.count; i++) vpsie.cloud.addNode(living.vpsieCluster.identifier, gid);
      return `added ${step.addNodes.count} node(s) to group ${step.addNodes.group}`;
    }
    const w = workload(step.delete!);
    await client.deleteIfExists(WORKLOAD_KEYS[w.kind], w.namespace, w.name);
    await client.deleteIfExists('policy/poddisruptionbudgets', w.namespace, w.name);
    return `deleted ${w.kind} ${w.name}`;
  };

  const steps = [...scenario.steps].sort((a, b) => a.at - b.at);
  let pending = steps.length;
  const end = scenario.end;
  const checkEnd = () => {
    if (finished || pending > 0 || !end?.when) return;
    const verdict = evaluateEnd(end.when, living.cache, scenario.workloads);
    if (verdict.met) finish('met', `${typeof end.when === 'string' ? end.when : JSON.stringify(end.when)} after ${formatDuration(since())} (${verdict.state})`);
  };
  const afterStep = () => {
    pending--;
    if (pending === 0 && !end) finish('finished', 'all steps ran');
    checkEnd();
  };
  for (const step of steps) {
    cancels.push(
      timers.at(start + step.at, async () => {
        try {
          log(since(), await act(step));
        } catch (error) {
          log(since(), `step at ${formatDuration(step.at)} failed: ${(error as Error).message}`);
        }
        afterStep();
      }),
    );
  }
  if (end) {
    cancels.push(
      timers.at(start + end.after, () => {
        const state = end.when ? evaluateEnd(end.when, living.cache, scenario.workloads).state : '';
        finish(end.when ? 'timeout' : 'finished', end.when ? `not met after ${formatDuration(end.after)} (${state})` : `ran for ${formatDuration(end.after)}`);
      }),
    );
    if (end.when) {
      let queued = false;
      const onChange = () => {
        if (queued) return;
        queued = true;
        setImmediate(() => {
          queued = false;
          checkEnd();
        });
      };
      for (const key of ['/pods', '/nodes', 'apps/deployments', 'apps/daemonsets']) cancels.push(living.cache.on(key, onChange));
    }
  }
  if (!steps.length && !end) finish('finished', 'no steps');
  checkEnd();
  return { name: scenario.name ?? 'scenario', startedAt: start, done, stop: () => finish('finished', 'stopped') };
}
