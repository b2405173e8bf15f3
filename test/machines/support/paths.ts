import { createActor, fromPromise, initialTransition, SimulatedClock, transition, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventObject, type StateValue } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths, getStateNodes, type StatePath } from 'xstate/graph';

/**
 * Runs paths of a machine's model (from xstate/graph, over its pure transition function) against
 * a real actor: effects are stubs that stay pending until the path resolves or rejects them, and
 * delays run on a SimulatedClock. Each step must leave the actor exactly where the model says:
 * the same state and the same context as replaying the path's events through `transition`
 * (the graph's own snapshots are representatives of abstract states, not of this path).
 */

/** Time between two `after` steps of a path. */
const TICK = 1_000;
/** A delay the path never waits for. */
const NEVER = 1e12;

export interface Invocation {
  src: string;
  input: unknown;
  /** The actor's snapshot when the effect started. */
  snapshot: AnyMachineSnapshot;
  /** Index of the path step during which it started. */
  step: number;
}

export interface PathRun {
  invocations: Invocation[];
  /** Effects started while the same effect was still running (never allowed). */
  overlaps: string[];
  /** The actor's snapshot after each step (index 0: after start). */
  snapshots: AnyMachineSnapshot[];
  actor: AnyActorRef;
}

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: unknown) => void;
}

export type ModelPath = StatePath<AnyMachineSnapshot, EventObject>;

function afterDelayName(type: string): string | undefined {
  return type.startsWith('xstate.after.') ? type.slice('xstate.after.'.length).split('.')[0] : undefined;
}

/**
 * Delays for one path: a timer gets exactly the time until the `after` step that consumes it,
 * and NEVER if the path does not take it, so every timer fires at the step the model took it
 * and no other fires early (a retry's backoff does not pre-empt a phase timeout the path waits for).
 */
function delayPlan(path: ModelPath) {
  const afterCount: number[] = [];
  let count = 0;
  for (const step of path.steps) {
    if (afterDelayName(step.event.type) !== undefined) count++;
    afterCount.push(count);
  }
  return (name: string, cursor: number): number => {
    for (let j = cursor + 1; j < path.steps.length; j++) {
      if (afterDelayName(path.steps[j]!.event.type) === name) return (afterCount[j]! - afterCount[cursor]!) * TICK;
    }
    return NEVER;
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface RunOptions {
  input: unknown;
  effects: readonly string[];
  delays: readonly string[];
  /**
   * The concrete event for a path's step in the state the run is really in; for models whose
   * events depend on the context (a reconcile's output depends on its plan).
   */
  concretize?: (event: EventObject, snapshot: AnyMachineSnapshot) => EventObject;
}

export async function runPath(machine: AnyStateMachine, path: ModelPath, options: RunOptions): Promise<PathRun> {
  const pending = new Map<string, Pending>();
  const invocations: Invocation[] = [];
  const overlaps: string[] = [];
  const snapshots: AnyMachineSnapshot[] = [];
  const plan = delayPlan(path);
  let cursor = 0;
  const actors = Object.fromEntries(
    options.effects.map((src) => [
      src,
      fromPromise<unknown, unknown>(
        ({ input, signal }) =>
          new Promise((resolve, reject) => {
            const entry = { resolve, reject };
            if (pending.has(src)) overlaps.push(`${src} at step ${cursor}`);
            pending.set(src, entry);
            signal.addEventListener('abort', () => {
              if (pending.get(src) === entry) pending.delete(src);
            });
            // Effects start only once the actor has started, after `actor` below is assigned.
            invocations.push({ src, input, snapshot: actor.getSnapshot() as AnyMachineSnapshot, step: cursor });
          }),
      ),
    ]),
  );
  const delays = Object.fromEntries(options.delays.map((name) => [name, () => plan(name, cursor)]));
  const clock = new SimulatedClock();
  const provided = machine.provide({ actors, delays } as never) as AnyStateMachine;
  const actor: AnyActorRef = createActor(provided, { input: options.input, clock });
  let [expected] = initialTransition(machine, options.input) as [AnyMachineSnapshot, unknown];
  actor.start();
  await settle();
  snapshots.push(actor.getSnapshot() as AnyMachineSnapshot);
  assertAt(actor, expected, path.steps[0]!.state, 0, path);
  for (let i = 1; i < path.steps.length; i++) {
    cursor = i;
    const { state } = path.steps[i]!;
    const event = options.concretize ? options.concretize(path.steps[i]!.event, expected) : path.steps[i]!.event;
    const type = event.type;
    if (type.startsWith('xstate.done.actor.') || type.startsWith('xstate.error.actor.')) {
      const done = type.startsWith('xstate.done.actor.');
      const src = type.slice(done ? 'xstate.done.actor.'.length : 'xstate.error.actor.'.length);
      const effect = pending.get(src);
      if (!effect) throw new Error(`step ${i}: the model takes ${type} but the actor is not running ${src}`);
      pending.delete(src);
      if (done) effect.resolve((event as { output?: unknown }).output);
      else effect.reject((event as { error?: unknown }).error);
    } else if (afterDelayName(type) !== undefined) {
      clock.increment(TICK);
    } else {
      actor.send(event);
    }
    [expected] = transition(machine, expected, event) as [AnyMachineSnapshot, unknown];
    await settle();
    snapshots.push(actor.getSnapshot() as AnyMachineSnapshot);
    assertAt(actor, expected, state, i, path);
  }
  return { invocations, overlaps, snapshots, actor };
}

function describePath(path: ModelPath): string {
  return path.steps.map((s) => `${s.event.type} → ${JSON.stringify(s.state.value)}`).join('\n  ');
}

function assertAt(actor: AnyActorRef, expected: AnyMachineSnapshot, modelled: AnyMachineSnapshot, step: number, path: ModelPath): void {
  const actual = actor.getSnapshot() as AnyMachineSnapshot;
  if (actual.status === 'error') throw new Error(`step ${step}: actor failed: ${String(actual.error)}\n  ${describePath(path)}`);
  if (JSON.stringify(expected.value) !== JSON.stringify(modelled.value)) {
    throw new Error(`step ${step}: replaying the path leads to ${JSON.stringify(expected.value)}, the graph to ${JSON.stringify(modelled.value)}\n  ${describePath(path)}`);
  }
  if (JSON.stringify(actual.value) !== JSON.stringify(expected.value)) {
    throw new Error(`step ${step}: actor is in ${JSON.stringify(actual.value)}, model in ${JSON.stringify(expected.value)}\n  ${describePath(path)}`);
  }
  const a = comparable(actual.context);
  const m = comparable(expected.context);
  if (a !== m) throw new Error(`step ${step}: contexts differ\n actor ${a}\n model ${m}\n  ${describePath(path)}`);
}

/** Context as JSON; typed arrays as plain arrays so sample rings compare by content. */
function comparable(context: unknown): string {
  return JSON.stringify(context, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value));
}

/** Ids of the state nodes a state value is in, with their ancestors. */
export function activeStateIds(machineId: string, value: StateValue): string[] {
  const ids: string[] = [];
  const walk = (prefix: string, v: StateValue) => {
    if (typeof v === 'string') {
      ids.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      ids.push(`${prefix}.${key}`);
      if (child !== undefined) walk(`${prefix}.${key}`, child);
    }
  };
  walk(machineId, value);
  return ids;
}

export function allStateIds(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root).map((n) => n.id);
}

export interface ModelOptions {
  input: unknown;
  /** The events the model may take in a state (effects' done/error events only while they run). */
  events: (snapshot: AnyMachineSnapshot) => EventObject[];
  /** The abstract state: snapshots that serialize alike are one vertex of the graph. */
  serializeState: (snapshot: AnyMachineSnapshot) => string;
}

function eventKey(path: ModelPath): string[] {
  return path.steps.slice(1).map((s) => JSON.stringify(s.event));
}

/** Drops paths that are a prefix of another: running the longer one checks every step of the shorter. */
export function withoutPrefixes(paths: ModelPath[]): ModelPath[] {
  const covered = new Set<string>();
  const kept: ModelPath[] = [];
  for (const path of [...paths].sort((a, b) => b.steps.length - a.steps.length)) {
    const keys = eventKey(path);
    if (covered.has(keys.join('\n'))) continue;
    kept.push(path);
    for (let n = 0; n <= keys.length; n++) covered.add(keys.slice(0, n).join('\n'));
  }
  return kept;
}

/** Every simple path (no abstract state twice) from the initial state to every state. */
export function simplePaths(machine: AnyStateMachine, options: ModelOptions): ModelPath[] {
  return getSimplePaths(machine, options as never) as ModelPath[];
}

/**
 * For every transition of the graph (self-loops and edges back to a visited state included,
 * which no simple path takes), the shortest path to its source followed by it.
 */
export function transitionPaths(machine: AnyStateMachine, options: ModelOptions): ModelPath[] {
  const shortest = new Map<string, ModelPath>();
  for (const p of getShortestPaths(machine, options as never) as ModelPath[]) shortest.set(options.serializeState(p.state), p);
  const paths: ModelPath[] = [];
  for (const [key, vertex] of Object.entries(getAdjacencyMap(machine, options as never))) {
    const head = shortest.get(key);
    if (!head) throw new Error(`no path reaches ${key}`);
    for (const { event, state } of Object.values(vertex.transitions) as Array<{ event: EventObject; state: AnyMachineSnapshot }>) {
      paths.push({ state, steps: [...head.steps, { event, state }], weight: head.weight + 1 });
    }
  }
  return paths;
}

/** The abstract states of the graph. */
export function modelStates(machine: AnyStateMachine, options: ModelOptions): AnyMachineSnapshot[] {
  return Object.values(getAdjacencyMap(machine, options as never)).map((v) => v.state as AnyMachineSnapshot);
}
