import { transition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { nodeGroupMachine, type NodeGroupContext, type NodeGroupEvent, type NodeGroupInput } from '../../src/machines/nodeGroup.ts';
import { activeStateIds, allStateIds, modelStates, runPath, simplePaths, transitionPaths, withoutPrefixes, type ModelOptions, type ModelPath, type PathRun } from './support/paths.ts';

/**
 * Model-based tests of the NodeGroup machine. The world is chosen so that the abstract state
 * below decides every guard: a scale-up always has room (maxNodes is large), NODES_CHANGED and
 * SCALE_DOWN change nothing the plan acts on, a spec change bumps the generation, and a
 * reconcile's outcome is one of a few kinds whose concrete output is computed from the plan it
 * was actually given (see `concretize`). The planner's decisions themselves are tested in test/policy.
 */

const EFFECTS = ['reconcile', 'deleteNodes', 'release'] as const;
const DELAYS = ['retryBackoff'] as const;
const AT = 1_000;
const SPEC = { minNodes: 0, maxNodes: 100, offeringIDs: ['small'] };
const INPUT: NodeGroupInput = { name: 'workers', namespace: 'ns', spec: SPEC, generation: 1, at: AT };
const AFTER_EVENTS = [...new Set(getStateNodes(nodeGroupMachine.root).flatMap((n) => n.after.map((t) => t.eventType)))];
const FAILURE = { message: 'HTTP 500 from the API server' };

function context(snapshot: AnyMachineSnapshot): NodeGroupContext {
  return snapshot.context as NodeGroupContext;
}

/** Names of nodes a reconcile creates: unique along a path, as expectations are never observed in this world. */
function created(ctx: NodeGroupContext, count: number) {
  const base = ctx.nodes.length + ctx.expectations.length;
  return (ctx.sent?.plan.create ?? []).slice(0, count).map((c, i) => ({ name: `workers-${base + i}`, phase: 'Pending' as const, offeringID: c.offeringID, createdAt: AT }));
}

type Kinded = EventObject & { kind?: string; output?: unknown; error?: unknown };

function events(snapshot: AnyMachineSnapshot): Kinded[] {
  if (snapshot.status === 'done') return [];
  const ctx = context(snapshot);
  const external: NodeGroupEvent[] = [
    { type: 'SCALE_UP', count: 1, reason: 'pods pending', at: AT },
    { type: 'SCALE_DOWN', names: ['not-a-node'], reason: 'underutilised', at: AT },
    { type: 'NODES_CHANGED', nodes: [...ctx.nodes], at: AT },
    { type: 'SPEC_CHANGED', spec: SPEC, generation: ctx.generation + 1, at: AT },
    { type: 'RESYNC', at: AT },
    { type: 'DELETE_REQUESTED', at: AT },
  ];
  const list: Kinded[] = [...external];
  if (snapshot.children.reconcile) {
    const wanted = ctx.sent?.plan.create.length ?? 0;
    list.push({ type: 'xstate.done.actor.reconcile', kind: 'done', output: { at: AT, created: created(ctx, wanted) } });
    list.push({ type: 'xstate.error.actor.reconcile', kind: 'error', error: FAILURE });
    if (wanted > 0) list.push({ type: 'xstate.done.actor.reconcile', kind: 'shortfall', output: { at: AT, created: [] } });
  }
  for (const src of ['deleteNodes', 'release']) {
    if (snapshot.children[src]) list.push({ type: `xstate.done.actor.${src}` }, { type: `xstate.error.actor.${src}`, error: FAILURE });
  }
  for (const type of AFTER_EVENTS) if (snapshot.can({ type } as never)) list.push({ type });
  return list;
}

const kindOf = (e: Kinded) => e.kind ?? e.type;

function concretize(event: EventObject, snapshot: AnyMachineSnapshot): EventObject {
  const match = events(snapshot).find((e) => kindOf(e) === kindOf(event));
  if (!match) throw new Error(`${kindOf(event)} cannot happen in ${JSON.stringify(snapshot.value)}`);
  return match;
}

/**
 * What decides the machine's next moves in this world: where it is, whether events arrived
 * during the reconcile in flight, whether scale-ups wait, and whether the plan in flight creates
 * nodes. While deleting, only where it is. Retry loops and returns to a visited state are taken
 * by the transition paths.
 */
function serializeState(snapshot: AnyMachineSnapshot): string {
  const ctx = context(snapshot);
  if (!snapshot.matches('Active')) return JSON.stringify(snapshot.value);
  return JSON.stringify([snapshot.value, ctx.dirty, ctx.pendingScaleUp.length > 0, (ctx.sent?.plan.create.length ?? 0) > 0]);
}

const OPTIONS: ModelOptions = { input: INPUT, events, serializeState };

const isExternal = (type: string) => !type.startsWith('xstate.') && type !== 'DELETE_REQUESTED';

function checkRun(run: PathRun, path: ModelPath): void {
  expect(run.overlaps, 'two reconciles at once').toEqual([]);
  for (const invocation of run.invocations) {
    const ctx = context(invocation.snapshot);
    if (invocation.src === 'reconcile') {
      expect(invocation.snapshot.value).toEqual({ Active: 'reconciling' });
      expect(invocation.input).toEqual({ name: 'workers', namespace: 'ns', generation: ctx.generation, plan: ctx.sent!.plan });
    } else {
      expect(invocation.snapshot.matches('Deleting')).toBe(true);
      if (invocation.src === 'deleteNodes') expect(invocation.input).toEqual({ name: 'workers', namespace: 'ns', nodes: ctx.nodes.map((n) => n.name) });
      else expect(invocation.input).toEqual({ name: 'workers', namespace: 'ns' });
    }
  }
  // An event that arrives during a reconcile is never lost: the machine does not go idle after it.
  let heard = false;
  for (let i = 1; i < path.steps.length; i++) {
    const before = run.snapshots[i - 1]!;
    const type = path.steps[i]!.event.type;
    if (before.matches({ Active: 'reconciling' }) && isExternal(type)) heard = true;
    if (type.startsWith('xstate.done.actor.reconcile') || type.startsWith('xstate.error.actor.reconcile')) {
      if (heard) expect(run.snapshots[i]!.value, `step ${i}`).not.toEqual({ Active: 'idle' });
      heard = false;
    }
    if (!run.snapshots[i]!.matches('Active')) heard = false;
  }
  const end = run.actor.getSnapshot() as AnyMachineSnapshot;
  expect(end.status).toBe(end.matches('Deleted') ? 'done' : 'active');
  run.actor.stop();
}

/**
 * The path, then its reconciles left to finish (and backoffs to expire): an event that loops
 * back to the same abstract state is only checked by what the machine does after it.
 */
function thenSettle(path: ModelPath): ModelPath {
  const steps = [...path.steps];
  let state = path.state;
  for (let i = 0; i < 8 && state.matches('Active'); i++) {
    const next = events(state).find((e) => e.kind === 'done' || e.type.startsWith('xstate.after.'));
    if (!next) break;
    [state] = transition(nodeGroupMachine, state, next as never) as [AnyMachineSnapshot, unknown];
    steps.push({ event: next, state });
  }
  return { state, steps, weight: steps.length - 1 };
}

async function runAll(paths: ModelPath[]): Promise<number> {
  for (const path of paths) checkRun(await runPath(nodeGroupMachine, path, { input: INPUT, effects: EFFECTS, delays: DELAYS, concretize }), path);
  return paths.length;
}

describe('nodeGroup, model-based', () => {
  it('follows the model on every simple path', async () => {
    expect(await runAll(withoutPrefixes(simplePaths(nodeGroupMachine, OPTIONS)))).toBeGreaterThan(0);
  });

  it('follows the model on every transition, until its reconciles settle', async () => {
    expect(await runAll(transitionPaths(nodeGroupMachine, OPTIONS).map(thenSettle))).toBeGreaterThan(0);
  });

  it('reaches every state of the machine', () => {
    const reached = new Set<string>();
    for (const s of modelStates(nodeGroupMachine, OPTIONS)) for (const id of activeStateIds('nodeGroup', s.value)) reached.add(id);
    expect([...reached].sort()).toEqual(allStateIds(nodeGroupMachine).sort());
  });
});
