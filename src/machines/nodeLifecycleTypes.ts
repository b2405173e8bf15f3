import type { NodePhase } from './nodePhase.ts';
import type { SampleRing } from './sampleRing.ts';

export interface NodeFailure {
  reason: string;
  message?: string;
}

/** What the actor layer knows of a VPSieNode when it starts (or restarts) its actor, from the object's status. */
export interface NodeLifecycleInput {
  /** The VPSieNode's name. */
  name: string;
  /** The persisted phase; absent for a new node (Pending). */
  phase?: NodePhase;
  failure?: NodeFailure;
  drainReason?: string;
  /** Utilisation samples kept while Active (default 120). */
  sampleCapacity?: number;
  instanceId?: number;
  hostname?: string;
  nodeName?: string;
}

export type DrainFailureReason = 'DrainFailed' | 'DrainTimeout';

export interface NodeLifecycleContext {
  name: string;
  /** Failures of the current phase's effect; reset on entering a phase. */
  attempts: number;
  /** The persisted phase this actor resumed from, if it was restored. */
  restoredFrom?: NodePhase;
  failure?: NodeFailure;
  drainReason?: string;
  /** Why the last drain was reverted. */
  drainFailure?: NodeFailure & { reason: DrainFailureReason };
  lastError?: string;
  instanceId?: number;
  hostname?: string;
  ip?: string;
  nodeName?: string;
  sampleCapacity: number;
  /** Allocated on the first sample. */
  samples?: SampleRing;
}

export type NodeLifecycleEvent =
  | { type: 'DRAIN'; reason: string }
  | { type: 'NODE_LOST'; reason: string }
  /** Utilisation fractions (0..1, above 1 when usage exceeds allocatable) at epoch milliseconds. */
  | { type: 'SAMPLE'; cpu: number; memory: number; at: number }
  /** The VPSieNode got a deletionTimestamp. */
  | { type: 'DELETE_REQUESTED' };

/** Input of ensureGroup, provision and release. */
export interface NodeEffectInput {
  name: string;
}

export interface ProvisionOutput {
  instanceId: number;
  hostname: string;
  ip?: string;
}

export interface JoinInput {
  name: string;
  instanceId?: number;
  hostname?: string;
  ip?: string;
}

export interface JoinOutput {
  nodeName: string;
}

export interface DrainInput {
  name: string;
  reason: string;
}

export interface RevertDrainInput {
  name: string;
  reason: DrainFailureReason;
  message?: string;
}

export interface TerminateInput {
  name: string;
  instanceId?: number;
}

export interface DeleteNodeInput {
  name: string;
  nodeName?: string;
}

export interface RecordFailureInput {
  name: string;
  reason: string;
  message?: string;
}
