import type { NodePhase } from '../../src/machines/nodePhase.ts';
import type { NodeGroupPlanInput, NodeGroupSpecView, NodeView } from '../../src/policy/nodegroup-types.ts';

export function node(name: string, phase: NodePhase, createdAt = 0, extra: Partial<NodeView> = {}): NodeView {
  return { name, phase, offeringID: 'small', createdAt, ...extra };
}

export function spec(overrides: Partial<NodeGroupSpecView> = {}): NodeGroupSpecView {
  return { minNodes: 0, maxNodes: 10, offeringIDs: ['small', 'large'], ...overrides };
}

/** A group an hour after its last scale event, so cooldowns are over unless a test says otherwise. */
export function input(overrides: Partial<NodeGroupPlanInput> = {}): NodeGroupPlanInput {
  return { spec: spec(), nodes: [], pendingScaleUp: [], pendingScaleDown: [], now: 3_600_000, ...overrides };
}

export function actives(count: number, prefix = 'n'): NodeView[] {
  return Array.from({ length: count }, (_, i) => node(`${prefix}${i}`, 'Active', i * 1_000));
}
