import { assign, setup } from 'xstate';
import { backoffMs } from '../policy/backoff.ts';
import { sameStatus } from '../policy/nodegroup-status.ts';
import { effect, errorMessage } from './effects.ts';
import { createdAll, failReconcile, initialGroupContext, observe, sendPlan, settle, shortfall } from './nodeGroupContext.ts';
import type { DeleteNodesInput, NodeGroupContext, NodeGroupEvent, NodeGroupInput, ReconcileInput, ReconcileOutput, ReleaseGroupInput } from './nodeGroupTypes.ts';

export type * from './nodeGroupTypes.ts';

/** Used when the actor layer provides no retryBackoff of its own. */
export const NODE_GROUP_DEFAULTS = { retry: { baseMs: 1_000, capMs: 60_000 } } as const;

const retrying = { after: { retryBackoff: { target: 'running' } } } as const;

const nodeGroupSetup = setup({
  types: {
    context: {} as NodeGroupContext,
    events: {} as NodeGroupEvent,
    input: {} as NodeGroupInput,
  },
  actors: {
    reconcile: effect<ReconcileOutput, ReconcileInput>('reconcile'),
    deleteNodes: effect<void, DeleteNodesInput>('deleteNodes'),
    release: effect<void, ReleaseGroupInput>('release'),
  },
  delays: {
    retryBackoff: ({ context }) => backoffMs(context.attempts, NODE_GROUP_DEFAULTS.retry),
  },
  guards: {
    /** Work to do, a status (or generation) not yet written, or events that arrived during the last reconcile. */
    needsReconcile: ({ context: c }) =>
      c.dirty || c.plan.hasWork || c.written === undefined || c.written.generation !== c.generation || !sameStatus(c.written.status, c.plan.status),
    createdAll: ({ context }, params: { output: ReconcileOutput }) => createdAll(context, params.output),
  },
  actions: {
    observe: assign(({ context }, params: NodeGroupEvent) => observe(context, params)),
    observeNodes: assign((_, params: { nodes: NodeGroupContext['nodes'] }) => ({ nodes: params.nodes })),
    markDirty: assign({ dirty: true }),
    sendPlan: assign(({ context }) => sendPlan(context)),
    settle: assign(({ context }, params: { output: ReconcileOutput }) => settle(context, params.output)),
    shortfall: assign(({ context }, params: { output: ReconcileOutput }) => shortfall(context, params.output)),
    failReconcile: assign(({ context }, params: { error: unknown }) => failReconcile(context, params.error)),
    resetAttempts: assign({ attempts: 0, lastError: undefined }),
    recordError: assign(({ context }, params: { error: unknown }) => ({ attempts: context.attempts + 1, lastError: errorMessage(params.error) })),
  },
});

const retry = { target: 'retrying', actions: { type: 'recordError', params: ({ event }: { event: { error: unknown } }) => ({ error: event.error }) } } as const;

/**
 * One NodeGroup: a serialising reconcile loop. Every event updates the bookkeeping and replans
 * (src/policy/nodegroup-plan.ts decides); one reconcile runs at a time, and events that arrive
 * during it earn exactly one more.
 */
export const nodeGroupMachine = nodeGroupSetup.createMachine({
  id: 'nodeGroup',
  context: ({ input }) => initialGroupContext(input),
  initial: 'Active',
  states: {
    Active: {
      on: {
        DELETE_REQUESTED: { target: 'Deleting', actions: { type: 'observe', params: ({ event }) => event } },
      },
      initial: 'idle',
      states: {
        idle: {
          always: { guard: 'needsReconcile', target: 'reconciling' },
          on: {
            SPEC_CHANGED: { actions: { type: 'observe', params: ({ event }) => event } },
            NODES_CHANGED: { actions: { type: 'observe', params: ({ event }) => event } },
            SCALE_UP: { actions: { type: 'observe', params: ({ event }) => event } },
            SCALE_DOWN: { actions: { type: 'observe', params: ({ event }) => event } },
            RESYNC: { target: 'reconciling', actions: { type: 'observe', params: ({ event }) => event } },
          },
        },
        reconciling: {
          entry: 'sendPlan',
          invoke: {
            id: 'reconcile',
            src: 'reconcile',
            input: ({ context }) => ({ name: context.name, namespace: context.namespace, generation: context.generation, plan: context.plan }),
            onDone: [
              { guard: { type: 'createdAll', params: ({ event }) => ({ output: event.output }) }, target: 'idle', actions: { type: 'settle', params: ({ event }) => ({ output: event.output }) } },
              { target: 'backoff', actions: { type: 'shortfall', params: ({ event }) => ({ output: event.output }) } },
            ],
            onError: { target: 'backoff', actions: { type: 'failReconcile', params: ({ event }) => ({ error: event.error }) } },
          },
          on: {
            SPEC_CHANGED: { actions: [{ type: 'observe', params: ({ event }) => event }, 'markDirty'] },
            NODES_CHANGED: { actions: [{ type: 'observe', params: ({ event }) => event }, 'markDirty'] },
            SCALE_UP: { actions: [{ type: 'observe', params: ({ event }) => event }, 'markDirty'] },
            SCALE_DOWN: { actions: [{ type: 'observe', params: ({ event }) => event }, 'markDirty'] },
            RESYNC: { actions: [{ type: 'observe', params: ({ event }) => event }, 'markDirty'] },
          },
        },
        /** The failed reconcile's requests are pending again; the retry plans afresh with whatever arrived meanwhile. */
        backoff: {
          after: { retryBackoff: { target: 'reconciling' } },
          on: {
            SPEC_CHANGED: { actions: { type: 'observe', params: ({ event }) => event } },
            NODES_CHANGED: { actions: { type: 'observe', params: ({ event }) => event } },
            SCALE_UP: { actions: { type: 'observe', params: ({ event }) => event } },
            SCALE_DOWN: { actions: { type: 'observe', params: ({ event }) => event } },
            RESYNC: { actions: { type: 'observe', params: ({ event }) => event } },
          },
        },
      },
    },
    /** The NodeGroup is being deleted: its VPSieNodes go first (and with them their VPS), then its finalizer. */
    Deleting: {
      on: {
        NODES_CHANGED: { actions: { type: 'observeNodes', params: ({ event }) => ({ nodes: event.nodes }) } },
      },
      initial: 'removingNodes',
      states: {
        removingNodes: {
          entry: 'resetAttempts',
          initial: 'running',
          states: {
            running: {
              invoke: {
                id: 'deleteNodes',
                src: 'deleteNodes',
                input: ({ context }) => ({ name: context.name, namespace: context.namespace, nodes: context.nodes.map((n) => n.name) }),
                onDone: { target: '#nodeGroup.Deleting.releasing' },
                onError: retry,
              },
            },
            retrying,
          },
        },
        releasing: {
          entry: 'resetAttempts',
          initial: 'running',
          states: {
            running: {
              invoke: {
                id: 'release',
                src: 'release',
                input: ({ context }) => ({ name: context.name, namespace: context.namespace }),
                onDone: { target: '#nodeGroup.Deleted' },
                onError: retry,
              },
            },
            retrying,
          },
        },
      },
    },
    Deleted: { type: 'final' },
  },
});

export type NodeGroupMachine = typeof nodeGroupMachine;
