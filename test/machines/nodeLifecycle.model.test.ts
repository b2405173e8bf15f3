import { getStateNodes } from 'xstate/graph';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { nodeLifecycleMachine, phaseOf, type NodeLifecycleEvent, type NodeLifecycleInput } from '../../src/machines/nodeLifecycle.ts';
import { NODE_PHASES, type NodePhase } from '../../src/machines/nodePhase.ts';
import { activeStateIds, allStateIds, modelStates, runPath, simplePaths, transitionPaths, withoutPrefixes, type ModelOptions, type ModelPath, type PathRun } from './support/paths.ts';

/**
 * Model-based tests of the node lifecycle: xstate/graph walks the machine's transition function
 * over the events below, and every path it finds is run against a real actor whose effects are
 * stubs and whose delays run on a simulated clock.
 */

const EFFECTS = ['ensureGroup', 'provision', 'join', 'drain', 'revertDrain', 'terminate', 'deleteNode', 'release', 'recordFailure'] as const;
const DELAYS = ['provisionTimeout', 'joinTimeout', 'drainTimeout', 'failedTTL', 'retryBackoff'] as const;

/** The phase in which the actor layer runs (and persists the phase for) each effect. */
const PHASE_OF_EFFECT: Record<(typeof EFFECTS)[number], NodePhase> = {
  ensureGroup: 'Pending',
  provision: 'Provisioning',
  join: 'Joining',
  drain: 'Draining',
  revertDrain: 'Draining',
  terminate: 'Terminating',
  deleteNode: 'Deleting',
  release: 'Deleted',
  recordFailure: 'Failed',
};

/** DESIGN.md §3: the phase changes a node may go through. */
const ALLOWED: Record<NodePhase, readonly NodePhase[]> = {
  Pending: ['Provisioning', 'Failed', 'Terminating'],
  Provisioning: ['Joining', 'Failed', 'Terminating'],
  Joining: ['Active', 'Failed', 'Terminating'],
  Active: ['Draining', 'Failed', 'Terminating'],
  Draining: ['Drained', 'Active', 'Terminating'],
  Drained: ['Terminating'],
  Terminating: ['Deleting'],
  Deleting: ['Deleted'],
  Deleted: [],
  Failed: ['Terminating'],
};

const PROVISIONED = { instanceId: 42, hostname: 'vm-42', ip: '10.0.0.42' };
const JOINED = { nodeName: 'k8s-node-42' };
const OUTPUTS: Partial<Record<string, unknown>> = { provision: PROVISIONED, join: JOINED };
const TRANSIENT = { message: 'HTTP 503 from VPSie' };
const TERMINAL = { terminal: true, reason: 'InsufficientCapacity', message: 'no capacity for offering 103' };
const EXTERNAL: readonly NodeLifecycleEvent[] = [
  { type: 'DRAIN', reason: 'underutilised' },
  { type: 'NODE_LOST', reason: 'Node k8s-node-42 was deleted' },
  { type: 'SAMPLE', cpu: 0.5, memory: 0.25, at: 1_000 },
  { type: 'DELETE_REQUESTED' },
];
const AFTER_EVENTS = [...new Set(getStateNodes(nodeLifecycleMachine.root).flatMap((n) => n.after.map((t) => t.eventType)))];

function events(snapshot: AnyMachineSnapshot): EventObject[] {
  // A finished actor takes no more events.
  if (snapshot.status === 'done') return [];
  return [
    ...EXTERNAL,
    ...Object.keys(snapshot.children).flatMap((src) => [
      { type: `xstate.done.actor.${src}`, output: OUTPUTS[src] },
      { type: `xstate.error.actor.${src}`, error: TRANSIENT },
      { type: `xstate.error.actor.${src}`, error: TERMINAL },
    ]),
    ...AFTER_EVENTS.filter((type) => snapshot.can({ type } as never)).map((type) => ({ type })),
  ];
}

/** What the status of a node persisted in `phase` tells a restarted actor. */
function restoredInput(phase: NodePhase | undefined): NodeLifecycleInput {
  const input: NodeLifecycleInput = { name: 'vn-1' };
  if (phase === undefined) return input;
  const at = NODE_PHASES.indexOf(phase);
  return {
    ...input,
    phase,
    ...(at >= NODE_PHASES.indexOf('Joining') ? { instanceId: 7, hostname: 'vm-7' } : {}),
    ...(at >= NODE_PHASES.indexOf('Active') && phase !== 'Failed' ? { nodeName: 'k8s-node-7' } : {}),
    ...(phase === 'Draining' ? { drainReason: 'underutilised' } : {}),
    ...(phase === 'Failed' ? { failure: { reason: 'JoinTimeout', message: 'restored' } } : {}),
  };
}

function options(input: NodeLifecycleInput): ModelOptions {
  return { input, events, serializeState: (s) => JSON.stringify(s.value) };
}

/** What a path has established, step by step: the oracle for the effects' inputs. */
interface Facts {
  instanceId?: number;
  hostname?: string;
  ip?: string;
  nodeName?: string;
  drainReason?: string;
  drainFailure?: string;
  failure?: string;
}

function factsAlong(path: ModelPath, input: NodeLifecycleInput): Facts[] {
  let facts: Facts = {
    ...(input.instanceId !== undefined ? { instanceId: input.instanceId } : {}),
    ...(input.hostname !== undefined ? { hostname: input.hostname } : {}),
    ...(input.nodeName !== undefined ? { nodeName: input.nodeName } : {}),
    ...(input.drainReason !== undefined ? { drainReason: input.drainReason } : {}),
    ...(input.failure !== undefined ? { failure: input.failure.reason } : {}),
  };
  const along = [facts];
  for (let i = 1; i < path.steps.length; i++) {
    const before = phaseOf(path.steps[i - 1]!.state);
    const event = path.steps[i]!.event as EventObject & Record<string, unknown>;
    const error = event.error as { terminal?: boolean; reason?: string } | undefined;
    if (event.type === 'xstate.done.actor.provision') facts = { ...facts, ...PROVISIONED };
    else if (event.type === 'xstate.done.actor.join') facts = { ...facts, ...JOINED };
    else if (event.type === 'DRAIN' && before === 'Active') facts = { ...facts, drainReason: event.reason as string, drainFailure: undefined };
    else if (event.type === 'xstate.error.actor.drain') facts = { ...facts, drainFailure: 'DrainFailed' };
    else if (event.type.startsWith('xstate.after.drainTimeout.')) facts = { ...facts, drainFailure: 'DrainTimeout' };
    else if (event.type.startsWith('xstate.after.provisionTimeout.')) facts = { ...facts, failure: 'ProvisioningTimeout' };
    else if (event.type.startsWith('xstate.after.joinTimeout.')) facts = { ...facts, failure: 'JoinTimeout' };
    else if (event.type === 'NODE_LOST' && before === 'Active') facts = { ...facts, failure: 'NodeLost' };
    else if (event.type.startsWith('xstate.error.actor.') && error?.terminal && ['Pending', 'Provisioning', 'Joining'].includes(before)) {
      facts = { ...facts, failure: error.reason ?? 'ProvisioningFailed' };
    }
    along.push(facts);
  }
  return along;
}

function expectedInput(src: string, name: string, facts: Facts): Record<string, unknown> {
  const known = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  switch (src) {
    case 'join':
      return known({ name, instanceId: facts.instanceId, hostname: facts.hostname, ip: facts.ip });
    case 'drain':
      return { name, reason: facts.drainReason };
    case 'revertDrain':
      return { name, reason: facts.drainFailure };
    case 'terminate':
      return known({ name, instanceId: facts.instanceId });
    case 'deleteNode':
      return known({ name, nodeName: facts.nodeName });
    case 'recordFailure':
      return { name, reason: facts.failure };
    default:
      return { name };
  }
}

function isSteady(snapshot: AnyMachineSnapshot): boolean {
  if (snapshot.status === 'done') return phaseOf(snapshot) === 'Deleted';
  return snapshot.status === 'active' && events(snapshot).some((e) => e.type !== 'SAMPLE' && snapshot.can(e as never));
}

function checkRun(run: PathRun, path: ModelPath, input: NodeLifecycleInput): void {
  expect(run.overlaps).toEqual([]);
  const phases = run.snapshots.map((s) => phaseOf(s));
  expect(phases[0]).toBe(input.phase ?? 'Pending');
  for (let i = 1; i < phases.length; i++) {
    if (phases[i] !== phases[i - 1]) expect(ALLOWED[phases[i - 1]!], `${phases[i - 1]} → ${phases[i]}`).toContain(phases[i]);
  }
  const facts = factsAlong(path, input);
  for (const invocation of run.invocations) {
    const src = invocation.src as (typeof EFFECTS)[number];
    expect(phaseOf(invocation.snapshot), `${src} runs in its phase`).toBe(PHASE_OF_EFFECT[src]);
    expect(invocation.input, `input of ${src} at step ${invocation.step}`).toMatchObject(expectedInput(src, input.name, facts[invocation.step]!));
  }
  expect(isSteady(run.actor.getSnapshot() as AnyMachineSnapshot), `ends steady in ${JSON.stringify(path.state.value)}`).toBe(true);
  run.actor.stop();
}

async function runAll(paths: ModelPath[], input: NodeLifecycleInput): Promise<number> {
  for (const path of paths) checkRun(await runPath(nodeLifecycleMachine, path, { input, effects: EFFECTS, delays: DELAYS }), path, input);
  return paths.length;
}

describe('nodeLifecycle, model-based', () => {
  for (const phase of [undefined, ...NODE_PHASES]) {
    const input = restoredInput(phase);
    const from = phase === undefined ? 'a new node' : `a node restored in ${phase}`;

    it(`follows the model on every simple path from ${from}`, async () => {
      const paths = withoutPrefixes(simplePaths(nodeLifecycleMachine, options(input)));
      expect(await runAll(paths, input)).toBeGreaterThan(0);
    });

    it(`follows the model on every transition reachable from ${from}`, async () => {
      const paths = transitionPaths(nodeLifecycleMachine, options(input));
      expect(await runAll(paths, input)).toBeGreaterThan(0);
    });
  }

  it('reaches every state of the machine from the new and restored starts', () => {
    const reached = new Set<string>(['nodeLifecycle.Restoring']);
    for (const phase of [undefined, ...NODE_PHASES]) {
      for (const s of modelStates(nodeLifecycleMachine, options(restoredInput(phase)))) for (const id of activeStateIds('nodeLifecycle', s.value)) reached.add(id);
    }
    expect([...reached].sort()).toEqual(allStateIds(nodeLifecycleMachine).sort());
  });

  it('lets a new node reach every phase', () => {
    const phases = new Set(modelStates(nodeLifecycleMachine, options(restoredInput(undefined))).map((s) => phaseOf(s)));
    expect([...phases].sort()).toEqual([...NODE_PHASES].sort());
  });
});
