import { fromPromise } from 'xstate';
import { nodeGroupMachine, type NodeGroupMachine } from '../../machines/nodeGroup.ts';
import { backoffMs } from '../../policy/backoff.ts';
import type { GroupEffectDeps } from './deps.ts';
import { deleteGroupNodes, reconcile, releaseGroup } from './reconcile.ts';
import type { EffectGate } from '../shared/effect-gate.ts';

/** The node group machine with this process's effects, provided once for every group actor. */
export function provideNodeGroup(deps: GroupEffectDeps, retry: { baseMs: number; capMs: number }, gate: EffectGate): NodeGroupMachine {
  return nodeGroupMachine.provide({
    actors: {
      reconcile: fromPromise(({ input, signal }) => gate.run(signal, () => reconcile(deps, input))),
      deleteNodes: fromPromise(({ input, signal }) => gate.run(signal, (signal) => deleteGroupNodes(deps, { namespace: input.namespace, name: input.name }, signal))),
      release: fromPromise(({ input, signal }) => gate.run(signal, () => releaseGroup(deps, { namespace: input.namespace, name: input.name }))),
    },
    delays: {
      retryBackoff: ({ context }) => Math.round(backoffMs(context.attempts, retry) * (0.5 + Math.random() / 2)),
    },
  });
}
