import { fromPromise } from 'xstate';
import { nodeLifecycleMachine, type NodeLifecycleMachine } from '../../machines/nodeLifecycle.ts';
import { backoffMs } from '../../policy/backoff.ts';
import type { NodeEffectDeps } from './deps.ts';
import { drain, revertDrain } from './drain.ts';
import { join } from './join.ts';
import { ensureGroup, provision } from './provision.ts';
import { deleteNode, recordFailure, release, terminate } from './terminate.ts';
import type { NodeRef } from './status.ts';
import type { EffectGate } from '../shared/effect-gate.ts';

export interface LifecycleDelays {
  provisionTimeoutMs: number;
  joinTimeoutMs: number;
  drainTimeoutMs: number;
  failedTTLMs: number;
  retry: { baseMs: number; capMs: number };
}

/** Node actors name their VPSieNode `namespace/name` in the machine; effects read the reference back. */
export function machineName(ref: NodeRef): string {
  return `${ref.namespace}/${ref.name}`;
}

export function refOf(name: string): NodeRef {
  const slash = name.indexOf('/');
  return { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}

/**
 * The lifecycle machine with this process's effects and delays — provided once and shared by
 * every node actor (providing per actor would rebuild the machine for each of thousands).
 */
export function provideLifecycle(deps: NodeEffectDeps, delays: LifecycleDelays, gate: EffectGate): NodeLifecycleMachine {
  return nodeLifecycleMachine.provide({
    actors: {
      ensureGroup: fromPromise(({ input, signal }) => gate.run(signal, (signal) => ensureGroup(deps, refOf(input.name), signal))),
      provision: fromPromise(({ input, signal }) => gate.run(signal, (signal) => provision(deps, refOf(input.name), signal))),
      join: fromPromise(({ input, signal }) => gate.run(signal, (signal) => join(deps, refOf(input.name), signal))),
      drain: fromPromise(({ input, signal }) => gate.run(signal, (signal) => drain(deps, refOf(input.name), input.reason, signal))),
      revertDrain: fromPromise(({ input, signal }) => gate.run(signal, () => revertDrain(deps, refOf(input.name), input.message ? `${input.reason}: ${input.message}` : input.reason))),
      terminate: fromPromise(({ input, signal }) => gate.run(signal, (signal) => terminate(deps, refOf(input.name), signal))),
      deleteNode: fromPromise(({ input, signal }) => gate.run(signal, () => deleteNode(deps, refOf(input.name)))),
      release: fromPromise(({ input, signal }) => gate.run(signal, () => release(deps, refOf(input.name)))),
      recordFailure: fromPromise(({ input, signal }) => gate.run(signal, () => recordFailure(deps, refOf(input.name), input))),
    },
    delays: {
      provisionTimeout: delays.provisionTimeoutMs,
      joinTimeout: delays.joinTimeoutMs,
      drainTimeout: delays.drainTimeoutMs,
      failedTTL: delays.failedTTLMs,
      // Full jitter, so nodes failing together do not retry together.
      retryBackoff: ({ context }) => Math.round(backoffMs(context.attempts, delays.retry) * (0.5 + Math.random() / 2)),
    },
  });
}
