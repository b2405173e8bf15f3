import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { nodeLifecycleMachine, type NodeLifecycleInput } from '../../../src/machines/nodeLifecycle.ts';

type Effect = (input: Record<string, unknown>) => Promise<unknown>;

export const LIFECYCLE_EFFECTS = ['ensureGroup', 'provision', 'join', 'drain', 'revertDrain', 'terminate', 'deleteNode', 'release', 'recordFailure'] as const;
export type LifecycleEffect = (typeof LIFECYCLE_EFFECTS)[number];

export interface Call {
  src: LifecycleEffect;
  input: Record<string, unknown>;
  at: number;
}

/** Effects not given never settle, so the node waits in that phase. */
const never: Effect = () => new Promise(() => {});

/**
 * A node actor on a simulated clock with the machine's default delays (unless `delays` replaces
 * some), recording every effect call.
 */
export function startNode(input: NodeLifecycleInput, effects: Partial<Record<LifecycleEffect, Effect>> = {}, delays: Record<string, number> = {}) {
  const clock = new SimulatedClock();
  const calls: Call[] = [];
  const actors = Object.fromEntries(
    LIFECYCLE_EFFECTS.map((src) => [
      src,
      fromPromise<unknown, Record<string, unknown>>(({ input: effectInput }) => {
        calls.push({ src, input: effectInput, at: clock.now() });
        return (effects[src] ?? never)(effectInput);
      }),
    ]),
  );
  const machine = nodeLifecycleMachine.provide({ actors, delays } as never);
  const actor = createActor(machine, { input, clock });
  actor.start();
  return { actor, clock, calls };
}

/** Lets settled effects' results reach the actor. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Advances the clock in steps, letting effects settle between them. */
export async function advance(clock: SimulatedClock, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.increment(Math.min(step, ms - t));
    await flush();
  }
}
