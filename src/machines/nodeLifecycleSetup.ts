import { assign, setup } from 'xstate';
import { backoffMs } from '../policy/backoff.ts';
import { effect, errorMessage, isTerminalError } from './effects.ts';
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
import { appendSample, createSampleRing, DEFAULT_SAMPLE_CAPACITY, isUtilisationSample, type UtilisationSample } from './sampleRing.ts';

/** Delays used when the actor layer provides none; it normally derives them from configuration. */
export const NODE_LIFECYCLE_DEFAULTS = {
  provisionTimeoutMs: 15 * 60_000,
  joinTimeoutMs: 10 * 60_000,
  drainTimeoutMs: 10 * 60_000,
  failedTTLMs: 10 * 60_000,
  retry: { baseMs: 1_000, capMs: 60_000 },
} as const;

export function timedOut(what: string, lastError: string | undefined): string {
  return lastError === undefined ? `${what} did not finish in time` : `${what} did not finish in time; last error: ${lastError}`;
}

export function initialContext(input: NodeLifecycleInput): NodeLifecycleContext {
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

/**
 * The lifecycle's named parts: effects (the actor layer provides them), delays (ditto, from its
 * configuration), guards and context updates.
 */
export const nodeLifecycleSetup = setup({
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
