import { assign, setup, type StateValue } from 'xstate';
import { backoffMs } from '../policy/backoff.ts';
import { effect, errorMessage, errorReason, isTerminalError } from './effects.ts';
import type {
  DeleteNodeInput,
  DrainFailureReason,
  DrainInput,
  JoinInput,
  JoinOutput,
  NodeEffectInput,
  NodeFailure,
  NodeLifecycleContext,
  NodeLifecycleEvent,
  NodeLifecycleInput,
  ProvisionOutput,
  RecordFailureInput,
  RevertDrainInput,
  TerminateInput,
} from './nodeLifecycleTypes.ts';
import { isNodePhase, type NodePhase } from './nodePhase.ts';
import { appendSample, createSampleRing, DEFAULT_SAMPLE_CAPACITY, isUtilisationSample, samplesSince, type SampleWindow, type UtilisationSample } from './sampleRing.ts';

export type * from './nodeLifecycleTypes.ts';
export type { NodePhase } from './nodePhase.ts';

/** Delays used when the actor layer provides none; it normally derives them from configuration. */
export const NODE_LIFECYCLE_DEFAULTS = {
  provisionTimeoutMs: 15 * 60_000,
  joinTimeoutMs: 10 * 60_000,
  drainTimeoutMs: 10 * 60_000,
  failedTTLMs: 10 * 60_000,
  retry: { baseMs: 1_000, capMs: 60_000 },
} as const;

function timedOut(what: string, lastError: string | undefined): string {
  return lastError === undefined ? `${what} did not finish in time` : `${what} did not finish in time; last error: ${lastError}`;
}

function initialContext(input: NodeLifecycleInput): NodeLifecycleContext {
  const capacity = input.sampleCapacity ?? DEFAULT_SAMPLE_CAPACITY;
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`sampleCapacity must be a positive integer, got ${capacity}`);
  const known = input.phase === undefined || isNodePhase(input.phase);
  const restoredFrom = known ? input.phase : 'Failed';
  const failure = known ? input.failure : { reason: 'UnknownPhase', message: `persisted phase ${JSON.stringify(input.phase)} is not a lifecycle phase` };
  return {
    name: input.name,
    attempts: 0,
    sampleCapacity: capacity,
    ...(restoredFrom !== undefined ? { restoredFrom } : {}),
    ...(restoredFrom === 'Failed' ? { failure: failure ?? { reason: 'Unknown', message: 'restored as Failed without a recorded reason' } } : {}),
    ...(input.drainReason !== undefined ? { drainReason: input.drainReason } : {}),
    ...(input.instanceId !== undefined ? { instanceId: input.instanceId } : {}),
    ...(input.hostname !== undefined ? { hostname: input.hostname } : {}),
    ...(input.nodeName !== undefined ? { nodeName: input.nodeName } : {}),
  };
}

/** A failed attempt: retried after `retryBackoff`, which the actor layer computes from `attempts`. */
const retrying = { after: { retryBackoff: { target: 'running' } } } as const;

const nodeLifecycleSetup = setup({
  types: {
    context: {} as NodeLifecycleContext,
    events: {} as NodeLifecycleEvent,
    input: {} as NodeLifecycleInput,
  },
  actors: {
    ensureGroup: effect<void, NodeEffectInput>('ensureGroup'),
    provision: effect<ProvisionOutput, NodeEffectInput>('provision'),
    join: effect<JoinOutput, JoinInput>('join'),
    drain: effect<void, DrainInput>('drain'),
    revertDrain: effect<void, RevertDrainInput>('revertDrain'),
    terminate: effect<void, TerminateInput>('terminate'),
    deleteNode: effect<void, DeleteNodeInput>('deleteNode'),
    release: effect<void, NodeEffectInput>('release'),
    recordFailure: effect<void, RecordFailureInput>('recordFailure'),
  },
  delays: {
    provisionTimeout: NODE_LIFECYCLE_DEFAULTS.provisionTimeoutMs,
    joinTimeout: NODE_LIFECYCLE_DEFAULTS.joinTimeoutMs,
    drainTimeout: NODE_LIFECYCLE_DEFAULTS.drainTimeoutMs,
    failedTTL: NODE_LIFECYCLE_DEFAULTS.failedTTLMs,
    retryBackoff: ({ context }) => backoffMs(context.attempts, NODE_LIFECYCLE_DEFAULTS.retry),
  },
  guards: {
    restoresTo: ({ context }, params: { phase: NodePhase }) => context.restoredFrom === params.phase,
    isTerminal: (_, params: { error: unknown }) => isTerminalError(params.error),
    isSample: (_, params: UtilisationSample) => isUtilisationSample(params),
  },
  actions: {
    enterPhase: assign({ attempts: 0, lastError: undefined }),
    recordError: assign(({ context }, params: { error: unknown }) => ({ attempts: context.attempts + 1, lastError: errorMessage(params.error) })),
    fail: assign((_, params: NodeFailure) => ({ failure: params })),
    recordProvisioned: assign((_, params: ProvisionOutput) => ({ instanceId: params.instanceId, hostname: params.hostname, ip: params.ip })),
    recordJoined: assign((_, params: JoinOutput) => ({ nodeName: params.nodeName })),
    startDrain: assign((_, params: { reason: string }) => ({ drainReason: params.reason, drainFailure: undefined })),
    drainFailed: assign((_, params: { reason: DrainFailureReason; message?: string }) => ({ drainFailure: params })),
    recordSample: assign(({ context }, params: UtilisationSample) => ({
      samples: appendSample(context.samples ?? createSampleRing(context.sampleCapacity), params),
    })),
  },
});

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
