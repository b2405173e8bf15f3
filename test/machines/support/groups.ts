import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { nodeGroupMachine, type DeleteNodesInput, type NodeGroupInput, type ReconcileInput, type ReconcileOutput, type ReleaseGroupInput } from '../../../src/machines/nodeGroup.ts';
import type { NodeView } from '../../../src/policy/nodegroup-types.ts';

export const GROUP_SPEC = { minNodes: 0, maxNodes: 10, offeringIDs: ['small', 'large'] };

export function groupInput(overrides: Partial<NodeGroupInput> = {}): NodeGroupInput {
  return { name: 'workers', namespace: 'ns', spec: GROUP_SPEC, generation: 1, at: 1_000, ...overrides };
}

interface Controlled<TInput, TOutput> {
  input: TInput;
  resolve: (output: TOutput) => void;
  reject: (error: unknown) => void;
  aborted: () => boolean;
}

/**
 * A NodeGroup actor whose effects wait for the test to settle them (`reconciles`, `deletions`,
 * `releases`, in call order), on a simulated clock.
 */
export function startGroup(input: NodeGroupInput = groupInput()) {
  const clock = new SimulatedClock();
  const reconciles: Controlled<ReconcileInput, ReconcileOutput>[] = [];
  const deletions: Controlled<DeleteNodesInput, void>[] = [];
  const releases: Controlled<ReleaseGroupInput, void>[] = [];
  const controlled = <TInput, TOutput>(calls: Controlled<TInput, TOutput>[]) =>
    fromPromise<TOutput, TInput>(
      ({ input: effectInput, signal }) =>
        new Promise<TOutput>((resolve, reject) => {
          calls.push({ input: effectInput, resolve, reject, aborted: () => signal.aborted });
        }),
    );
  const machine = nodeGroupMachine.provide({
    actors: { reconcile: controlled(reconciles), deleteNodes: controlled(deletions), release: controlled(releases) },
  });
  const actor = createActor(machine, { input, clock });
  actor.start();
  return { actor, clock, reconciles, deletions, releases };
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The VPSieNodes a reconcile made for its plan's creations. */
export function createdFor(input: ReconcileInput, at: number, prefix = 'workers-'): NodeView[] {
  return input.plan.create.map((c, i) => ({ name: `${prefix}${at}-${i}`, phase: 'Pending', offeringID: c.offeringID, createdAt: at, ...(c.replaces ? { replaces: c.replaces } : {}) }));
}
