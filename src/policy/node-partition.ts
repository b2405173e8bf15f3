import type { NodePhase } from '../machines/nodePhase.ts';
import type { NodeView } from './nodegroup-types.ts';

/** Phases of a node that is, or is becoming, capacity the group can count on. */
const HEALTHY: ReadonlySet<NodePhase> = new Set(['Pending', 'Provisioning', 'Joining', 'Active']);

/**
 * A group's nodes sorted by what the planner may do with them. Every node is in exactly one of
 * healthy, draining, drained, terminating, or one of the three failed lists.
 */
export interface NodePartition {
  healthy: NodeView[];
  draining: NodeView[];
  drained: NodeView[];
  /** Terminating, Deleting or Deleted. */
  terminating: NodeView[];
  /** Failed and not yet replaced: the group replaces these. */
  replaceable: NodeView[];
  /**
   * Failed replacements: not replaced again, so a cloud that keeps failing costs one retry per
   * failedTTL instead of a tight create/fail loop. They hold their slot until their TTL ends.
   */
  exhausted: NodeView[];
  /** Failed and already replaced (some node names it in `replaces`). */
  replaced: NodeView[];
  /** Voluntary disruptions in progress, counted against the disruption budget. */
  disrupting: number;
  /** Nodes that are part of the group's capacity now or soon: healthy, draining and drained. */
  live: number;
}

export function isHealthy(node: NodeView): boolean {
  return HEALTHY.has(node.phase);
}

export function partitionNodes(nodes: readonly NodeView[]): NodePartition {
  const replacedNames = new Set<string>();
  for (const n of nodes) if (n.replaces !== undefined && n.replaces !== n.name) replacedNames.add(n.replaces);
  const p: NodePartition = { healthy: [], draining: [], drained: [], terminating: [], replaceable: [], exhausted: [], replaced: [], disrupting: 0, live: 0 };
  // In name order, so that no plan depends on the order the informer listed the nodes in.
  for (const n of [...nodes].sort(byName)) {
    switch (n.phase) {
      case 'Pending':
      case 'Provisioning':
      case 'Joining':
      case 'Active':
        p.healthy.push(n);
        break;
      case 'Draining':
        p.draining.push(n);
        break;
      case 'Drained':
        p.drained.push(n);
        break;
      case 'Terminating':
      case 'Deleting':
        p.disrupting++;
        p.terminating.push(n);
        break;
      case 'Deleted':
        p.terminating.push(n);
        break;
      case 'Failed':
        if (replacedNames.has(n.name)) p.replaced.push(n);
        else if (n.replaces !== undefined) p.exhausted.push(n);
        else p.replaceable.push(n);
        break;
    }
  }
  p.disrupting += p.draining.length + p.drained.length;
  p.live = p.healthy.length + p.draining.length + p.drained.length;
  return p;
}

export function byName(a: NodeView, b: NodeView): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Newest first; ties by name so a plan never depends on list order. */
export function newestFirst(a: NodeView, b: NodeView): number {
  return b.createdAt - a.createdAt || byName(a, b);
}

/** Oldest first, ties by name. */
export function oldestFirst(a: NodeView, b: NodeView): number {
  return newestFirst(b, a);
}
