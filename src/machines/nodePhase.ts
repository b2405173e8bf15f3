/**
 * The phases of a VPSieNode's lifecycle, as the node actor persists them in `status.phase`.
 * `Deleted` is the last moment of a node's life (its finalizer is being removed); the object is gone right after.
 */
export const NODE_PHASES = [
  'Pending',
  'Provisioning',
  'Joining',
  'Active',
  'Draining',
  'Drained',
  'Terminating',
  'Deleting',
  'Deleted',
  'Failed',
] as const;

export type NodePhase = (typeof NODE_PHASES)[number];

const PHASES: ReadonlySet<string> = new Set(NODE_PHASES);

export function isNodePhase(value: unknown): value is NodePhase {
  return typeof value === 'string' && PHASES.has(value);
}
