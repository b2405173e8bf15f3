import type { StateValue } from 'xstate';
import { errorMessage, errorReason } from './effects.ts';
import type { NodeLifecycleContext } from './nodeLifecycleTypes.ts';
import { isNodePhase, type NodePhase } from './nodePhase.ts';
import { initialContext, nodeLifecycleSetup, timedOut } from './nodeLifecycleSetup.ts';
import { samplesSince, type SampleWindow } from './sampleRing.ts';

export type * from './nodeLifecycleTypes.ts';
export type { NodePhase } from './nodePhase.ts';
export { NODE_LIFECYCLE_DEFAULTS } from './nodeLifecycleSetup.ts';

/** A failed attempt: retried after `retryBackoff`, which the actor layer computes from `attempts`. */
const retrying = { after: { retryBackoff: { target: 'running' } } } as const;

/** In Pending, Provisioning and Joining an error marked terminal fails the node instead of retrying. */
const failOrRetry = [
  {
    guard: { type: 'isTerminal', params: ({ event }: { event: { error: unknown } }) => ({ error: event.error }) },
    target: '#nodeLifecycle.Failed',
    actions: {
      type: 'fail',
      params: ({ event }: { event: { error: unknown } }) => ({ reason: errorReason(event.error, 'ProvisioningFailed'), message: errorMessage(event.error) }),
    },
  },
  { target: 'retrying', actions: { type: 'recordError', params: ({ event }: { event: { error: unknown } }) => ({ error: event.error }) } },
] as const;

const retry = { target: 'retrying', actions: { type: 'recordError', params: ({ event }: { event: { error: unknown } }) => ({ error: event.error }) } } as const;

const deleteRequested = { DELETE_REQUESTED: { target: '#nodeLifecycle.Terminating' } } as const;

/**
 * One VPSieNode's life, from creation to the removal of its finalizer. The one place that says
 * which phase follows which; every effect, delay and persisted phase is the actor layer's.
 */
export const nodeLifecycleMachine = nodeLifecycleSetup.createMachine({
  id: 'nodeLifecycle',
  context: ({ input }) => initialContext(input),
  initial: 'Restoring',
  states: {
    /** Resumes at the persisted phase, starting that phase's effects afresh (they are idempotent). */
    Restoring: {
      always: [
        { guard: { type: 'restoresTo', params: { phase: 'Provisioning' } }, target: 'Provisioning' },
        { guard: { type: 'restoresTo', params: { phase: 'Joining' } }, target: 'Joining' },
        { guard: { type: 'restoresTo', params: { phase: 'Active' } }, target: 'Active' },
        { guard: { type: 'restoresTo', params: { phase: 'Draining' } }, target: 'Draining' },
        { guard: { type: 'restoresTo', params: { phase: 'Drained' } }, target: 'Drained' },
        { guard: { type: 'restoresTo', params: { phase: 'Terminating' } }, target: 'Terminating' },
        { guard: { type: 'restoresTo', params: { phase: 'Deleting' } }, target: 'Deleting' },
        { guard: { type: 'restoresTo', params: { phase: 'Deleted' } }, target: 'Deleted' },
        { guard: { type: 'restoresTo', params: { phase: 'Failed' } }, target: 'Failed' },
        { target: 'Pending' },
      ],
    },
    Pending: {
      entry: 'enterPhase',
      on: deleteRequested,
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'ensureGroup',
            src: 'ensureGroup',
            input: ({ context }) => ({ name: context.name }),
            onDone: { target: '#nodeLifecycle.Provisioning' },
            onError: failOrRetry,
          },
        },
        retrying,
      },
    },
    Provisioning: {
      entry: 'enterPhase',
      on: deleteRequested,
      after: {
        provisionTimeout: {
          target: 'Failed',
          actions: { type: 'fail', params: ({ context }) => ({ reason: 'ProvisioningTimeout', message: timedOut('provisioning', context.lastError) }) },
        },
      },
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'provision',
            src: 'provision',
            input: ({ context }) => ({ name: context.name }),
            onDone: { target: '#nodeLifecycle.Joining', actions: { type: 'recordProvisioned', params: ({ event }) => event.output } },
            onError: failOrRetry,
          },
        },
        retrying,
      },
    },
    Joining: {
      entry: 'enterPhase',
      on: deleteRequested,
      after: {
        joinTimeout: {
          target: 'Failed',
          actions: { type: 'fail', params: ({ context }) => ({ reason: 'JoinTimeout', message: timedOut('joining', context.lastError) }) },
        },
      },
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'join',
            src: 'join',
            input: ({ context }) => ({
              name: context.name,
              ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
              ...(context.hostname !== undefined ? { hostname: context.hostname } : {}),
              ...(context.ip !== undefined ? { ip: context.ip } : {}),
            }),
            onDone: { target: '#nodeLifecycle.Active', actions: { type: 'recordJoined', params: ({ event }) => event.output } },
            onError: failOrRetry,
          },
        },
        retrying,
      },
    },
    Active: {
      entry: 'enterPhase',
      on: {
        ...deleteRequested,
        DRAIN: { target: 'Draining', actions: { type: 'startDrain', params: ({ event }) => ({ reason: event.reason }) } },
        NODE_LOST: { target: 'Failed', actions: { type: 'fail', params: ({ event }) => ({ reason: 'NodeLost', message: event.reason }) } },
        SAMPLE: {
          guard: { type: 'isSample', params: ({ event }) => event },
          actions: { type: 'recordSample', params: ({ event }) => event },
        },
      },
    },
    Draining: {
      entry: 'enterPhase',
      on: deleteRequested,
      initial: 'evicting',
      states: {
        /** The drain effect retries PDB-blocked evictions itself until the drain deadline. */
        evicting: {
          invoke: {
            id: 'drain',
            src: 'drain',
            input: ({ context }) => ({ name: context.name, reason: context.drainReason ?? 'Restored' }),
            onDone: { target: '#nodeLifecycle.Drained' },
            onError: { target: 'reverting', actions: { type: 'drainFailed', params: ({ event }) => ({ reason: 'DrainFailed', message: errorMessage(event.error) }) } },
          },
          after: {
            drainTimeout: { target: 'reverting', actions: { type: 'drainFailed', params: { reason: 'DrainTimeout', message: 'the drain did not finish in time' } } },
          },
        },
        /** Uncordon, remove the taint, mark the drain failed: the node goes back to work. */
        reverting: {
          initial: 'running',
          states: {
            running: {
              invoke: {
                id: 'revertDrain',
                src: 'revertDrain',
                input: ({ context }) => ({ name: context.name, ...(context.drainFailure ?? { reason: 'DrainFailed' as const }) }),
                onDone: { target: '#nodeLifecycle.Active' },
                onError: retry,
              },
            },
            retrying,
          },
        },
      },
    },
    /** Waits for the NodeGroup to delete the VPSieNode (which sends DELETE_REQUESTED). */
    Drained: {
      entry: 'enterPhase',
      on: deleteRequested,
    },
    Terminating: {
      entry: 'enterPhase',
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'terminate',
            src: 'terminate',
            input: ({ context }) => ({ name: context.name, ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}) }),
            onDone: { target: '#nodeLifecycle.Deleting' },
            onError: retry,
          },
        },
        retrying,
      },
    },
    Deleting: {
      entry: 'enterPhase',
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'deleteNode',
            src: 'deleteNode',
            input: ({ context }) => ({ name: context.name, ...(context.nodeName !== undefined ? { nodeName: context.nodeName } : {}) }),
            onDone: { target: '#nodeLifecycle.Deleted' },
            onError: retry,
          },
        },
        retrying,
      },
    },
    Deleted: {
      entry: 'enterPhase',
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'release',
            src: 'release',
            input: ({ context }) => ({ name: context.name }),
            onDone: { target: '#nodeLifecycle.Gone' },
            onError: retry,
          },
        },
        retrying,
      },
    },
    /** Recorded, then terminated after failedTTL so no VPS outlives its node. */
    Failed: {
      entry: 'enterPhase',
      on: deleteRequested,
      after: { failedTTL: { target: 'Terminating' } },
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'recordFailure',
            src: 'recordFailure',
            input: ({ context }) => ({ name: context.name, ...(context.failure ?? { reason: 'Unknown' }) }),
            onDone: { target: 'recorded' },
            onError: retry,
          },
        },
        retrying,
        recorded: {},
      },
    },
    Gone: { type: 'final' },
  },
});

export type NodeLifecycleMachine = typeof nodeLifecycleMachine;

/** The phase a lifecycle snapshot is in; after `Gone` the node's last phase is Deleted. */
export function phaseOf(snapshot: { value: StateValue }): NodePhase {
  const top = typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0];
  if (top === 'Gone') return 'Deleted';
  return isNodePhase(top) ? top : 'Pending';
}

/** The node's utilisation samples taken at or after `since` (epoch ms), oldest first. */
export function utilisationWindow(context: Pick<NodeLifecycleContext, 'samples'>, since: number): SampleWindow {
  return samplesSince(context.samples, since);
}
