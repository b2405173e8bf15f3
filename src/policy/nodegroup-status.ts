import type { NodeGroupCondition, NodeGroupSpecView, NodeGroupStatusView, NodeView } from './nodegroup-types.ts';
import { byName, type NodePartition } from './node-partition.ts';

/** Epoch milliseconds as RFC 3339, or nothing for a time Date cannot represent. */
export function isoTime(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

function statusNode(n: NodeView): NodeGroupStatusView['nodes'][number] {
  const createdAt = isoTime(n.createdAt);
  const readyAt = isoTime(n.readyAt);
  return {
    ...(n.nodeName !== undefined ? { nodeName: n.nodeName } : {}),
    vpsieNode: n.name,
    offeringID: n.offeringID,
    phase: n.phase,
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(readyAt !== undefined ? { readyAt } : {}),
  };
}

export interface StatusInput {
  spec: NodeGroupSpecView;
  nodes: readonly NodeView[];
  parts: NodePartition;
  desired: number;
  /** Work this plan starts, for the Scaling condition. */
  creating: number;
  removing: number;
  lastScaleUpAt?: number;
  lastScaleDownAt?: number;
}

function conditions({ spec, parts, desired, creating, removing }: StatusInput): NodeGroupCondition[] {
  const ready = parts.healthy.filter((n) => n.phase === 'Active').length;
  const starting = parts.healthy.length - ready + creating;
  const leaving = parts.draining.length + parts.drained.length + parts.terminating.length + removing;
  const scaling = [starting > 0 ? `${starting} starting` : '', leaving > 0 ? `${leaving} leaving` : ''].filter(Boolean).join(', ');
  return [
    ready >= desired
      ? { type: 'Ready', status: 'True', reason: 'NodesReady', message: `${ready} of ${desired} desired nodes are ready` }
      : { type: 'Ready', status: 'False', reason: 'NodesNotReady', message: `${ready} of ${desired} desired nodes are ready` },
    starting > 0
      ? { type: 'Scaling', status: 'True', reason: 'ScalingUp', message: scaling }
      : leaving > 0
        ? { type: 'Scaling', status: 'True', reason: 'ScalingDown', message: scaling }
        : { type: 'Scaling', status: 'False', reason: 'Stable', message: 'no node is starting or leaving' },
    desired <= spec.minNodes
      ? { type: 'AtMinCapacity', status: 'True', reason: 'AtMinimum', message: `desired ${desired}, minNodes ${spec.minNodes}` }
      : { type: 'AtMinCapacity', status: 'False', reason: 'AboveMinimum', message: `desired ${desired}, minNodes ${spec.minNodes}` },
    desired >= spec.maxNodes
      ? { type: 'AtMaxCapacity', status: 'True', reason: 'AtMaximum', message: `desired ${desired}, maxNodes ${spec.maxNodes}` }
      : { type: 'AtMaxCapacity', status: 'False', reason: 'BelowMaximum', message: `desired ${desired}, maxNodes ${spec.maxNodes}` },
  ];
}

/** NodeGroup.status for the writer: counts, every node by name, and the four conditions the planner owns. */
export function nodeGroupStatus(input: StatusInput): NodeGroupStatusView {
  const lastScaleUpTime = isoTime(input.lastScaleUpAt);
  const lastScaleDownTime = isoTime(input.lastScaleDownAt);
  return {
    currentNodes: input.parts.live,
    desiredNodes: input.desired,
    readyNodes: input.parts.healthy.filter((n) => n.phase === 'Active').length,
    nodes: [...input.nodes].sort(byName).map(statusNode),
    conditions: conditions(input),
    ...(lastScaleUpTime !== undefined ? { lastScaleUpTime } : {}),
    ...(lastScaleDownTime !== undefined ? { lastScaleDownTime } : {}),
  };
}

/**
 * Whether two computed statuses would write the same object. Both come from nodeGroupStatus,
 * which builds keys in one order, so their JSON texts are equal exactly when they are.
 */
export function sameStatus(a: NodeGroupStatusView | undefined, b: NodeGroupStatusView | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
