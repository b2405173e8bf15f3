import type { NodeGroupPlan, NodeView } from './nodegroup-types.ts';

/**
 * What a NodeGroup did and has not yet seen in its node list (the "expectations" of client-go's
 * ReplicaSet controller). The list arrives through informer events that may lag the reconcile
 * that changed it; planning on the stale list would create the same nodes twice. Until an
 * expectation is observed, or expires, the planner sees the node list as it will be.
 */
export type Expectation =
  | { kind: 'create'; node: NodeView; until: number }
  | { kind: 'drain'; name: string; until: number }
  | { kind: 'remove'; name: string; until: number };

/** How long an action may go unobserved before the planner trusts the node list again (client-go uses 5 minutes). */
export const EXPECTATION_TTL_MS = 5 * 60_000;

/** The expectations a finished reconcile leaves: the nodes it created, and the drains and removals it asked for. */
export function expectationsOf(done: Pick<NodeGroupPlan, 'drain' | 'remove'>, created: readonly NodeView[], at: number): Expectation[] {
  const until = at + EXPECTATION_TTL_MS;
  return [
    ...created.map((node) => ({ kind: 'create' as const, node, until })),
    ...done.drain.map((d) => ({ kind: 'drain' as const, name: d.name, until })),
    ...done.remove.map((r) => ({ kind: 'remove' as const, name: r.name, until })),
  ];
}

function observedIn(e: Expectation, node: NodeView | undefined): boolean {
  switch (e.kind) {
    case 'create':
      return node !== undefined;
    case 'drain':
      return node === undefined || node.phase !== 'Active';
    case 'remove':
      return node === undefined || node.phase === 'Terminating' || node.phase === 'Deleting' || node.phase === 'Deleted';
  }
}

/** The expectations still open: neither seen in `observed` nor expired at `now`. */
export function openExpectations(expectations: readonly Expectation[], observed: readonly NodeView[], now: number): readonly Expectation[] {
  if (expectations.length === 0) return expectations;
  const byName = new Map(observed.map((n) => [n.name, n]));
  return expectations.filter((e) => now < e.until && !observedIn(e, byName.get(e.kind === 'create' ? e.node.name : e.name)));
}

/** The node list as it will be once the open expectations are observed. */
export function expectedNodes(observed: readonly NodeView[], expectations: readonly Expectation[]): readonly NodeView[] {
  if (expectations.length === 0) return observed;
  const phases = new Map<string, NodeView['phase']>();
  for (const e of expectations) {
    if (e.kind === 'drain') phases.set(e.name, 'Draining');
    else if (e.kind === 'remove') phases.set(e.name, 'Terminating');
  }
  const nodes = observed.map((n) => {
    const phase = phases.get(n.name);
    return phase === undefined ? n : { ...n, phase };
  });
  const present = new Set(observed.map((n) => n.name));
  for (const e of expectations) if (e.kind === 'create' && !present.has(e.node.name)) nodes.push(e.node);
  return nodes;
}
