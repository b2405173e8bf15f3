import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_PHASES } from '../../src/machines/nodePhase.ts';
import { allowedDisruptions, parseDisruptionBudget } from '../../src/policy/disruption-budget.ts';
import { isHealthy, partitionNodes } from '../../src/policy/node-partition.ts';
import { planNodeGroup } from '../../src/policy/nodegroup-plan.ts';
import type { NodeGroupPlan, NodeGroupPlanInput, NodeView } from '../../src/policy/nodegroup-types.ts';

const OFFERINGS = ['small', 'large', 'gpu'];

const specArb = fc
  .record({
    minNodes: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 6 }),
    offeringIDs: fc.subarray(OFFERINGS, { minLength: 1 }),
    preferredInstanceType: fc.option(fc.constantFrom(...OFFERINGS), { nil: undefined }),
    budget: fc.option(fc.constantFrom('0', '1', '2', '5', '0%', '20%', '34%', '50%', '100%'), { nil: undefined }),
    cooldownSeconds: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
    scaleDownEnabled: fc.option(fc.boolean(), { nil: undefined }),
    scaleUpEnabled: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((s) => ({
    minNodes: s.minNodes,
    maxNodes: Math.max(1, s.minNodes + s.span),
    offeringIDs: s.offeringIDs,
    ...(s.preferredInstanceType !== undefined ? { preferredInstanceType: s.preferredInstanceType } : {}),
    ...(s.budget !== undefined ? { disruption: { budget: s.budget } } : {}),
    scaleDownPolicy: { ...(s.cooldownSeconds !== undefined ? { cooldownSeconds: s.cooldownSeconds } : {}), ...(s.scaleDownEnabled !== undefined ? { enabled: s.scaleDownEnabled } : {}) },
    ...(s.scaleUpEnabled !== undefined ? { scaleUpPolicy: { enabled: s.scaleUpEnabled } } : {}),
  }));

/** Nodes n0…nk; a node may replace an earlier one (as replacements do). */
const nodesArb = fc
  .array(
    fc.record({
      phase: fc.constantFrom(...NODE_PHASES),
      offeringID: fc.constantFrom(...OFFERINGS, 'retired'),
      createdAt: fc.integer({ min: 0, max: 1_000_000 }),
      replaces: fc.option(fc.nat(), { nil: undefined }),
    }),
    { maxLength: 14 },
  )
  .map((raw) =>
    raw.map(
      (r, i): NodeView => ({
        name: `n${i}`,
        phase: r.phase,
        offeringID: r.offeringID,
        createdAt: r.createdAt,
        ...(r.replaces !== undefined && i > 0 ? { replaces: `n${r.replaces % i}` } : {}),
      }),
    ),
  );

const inputArb: fc.Arbitrary<NodeGroupPlanInput> = fc
  .record({
    spec: specArb,
    nodes: nodesArb,
    ups: fc.array(fc.record({ count: fc.integer({ min: -1, max: 5 }), offeringID: fc.option(fc.constantFrom(...OFFERINGS, 'unknown'), { nil: undefined }) }), { maxLength: 3 }),
    downs: fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 5 }),
    lastScaleUpAt: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    lastScaleDownAt: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    now: fc.integer({ min: 1_000_000, max: 3_000_000 }),
  })
  .map((r) => ({
    spec: r.spec,
    nodes: r.nodes,
    pendingScaleUp: r.ups.map((u, i) => ({ count: u.count, reason: `request ${i}`, ...(u.offeringID !== undefined ? { offeringID: u.offeringID } : {}) })),
    // Indexes past the list name nodes that are not in the group.
    pendingScaleDown: r.downs.map((i) => ({ name: `n${i}`, reason: 'underutilised' })),
    ...(r.lastScaleUpAt !== undefined ? { lastScaleUpAt: r.lastScaleUpAt } : {}),
    ...(r.lastScaleDownAt !== undefined ? { lastScaleDownAt: r.lastScaleDownAt } : {}),
    now: r.now,
  }));

/** The node list once a plan's effects took place: new nodes Pending, drains Draining, removals Terminating. */
function applyPlan(input: NodeGroupPlanInput, plan: NodeGroupPlan): NodeView[] {
  const drains = new Set(plan.drain.map((d) => d.name));
  const removals = new Set(plan.remove.map((r) => r.name));
  const nodes = input.nodes.map((n) => (drains.has(n.name) ? { ...n, phase: 'Draining' as const } : removals.has(n.name) ? { ...n, phase: 'Terminating' as const } : n));
  plan.create.forEach((c, i) =>
    nodes.push({ name: `new${i}`, phase: 'Pending', offeringID: c.offeringID, createdAt: input.now, ...(c.replaces !== undefined ? { replaces: c.replaces } : {}) }),
  );
  return nodes;
}

function healthy(nodes: readonly NodeView[]): number {
  return nodes.filter(isHealthy).length;
}

describe('planNodeGroup, properties', () => {
  it('never grows a group above maxNodes, nor shrinks it below minNodes', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planNodeGroup(input);
        const before = healthy(input.nodes);
        const after = healthy(applyPlan(input, plan));
        if (plan.create.length > 0) expect(after).toBeLessThanOrEqual(input.spec.maxNodes);
        if (after < before) expect(after).toBeGreaterThanOrEqual(input.spec.minNodes);
        expect(plan.desired).toBeGreaterThanOrEqual(input.spec.minNodes);
        expect(plan.desired).toBeLessThanOrEqual(input.spec.maxNodes);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never starts more drains than the disruption budget leaves', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planNodeGroup(input);
        const budget = parseDisruptionBudget(input.spec.disruption?.budget);
        const parts = partitionNodes(input.nodes);
        expect(plan.drain.length).toBeLessThanOrEqual(budget ? allowedDisruptions(budget, parts) : 0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('drains only Active nodes of the group, and removes only drained nodes or nodes not yet Active', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planNodeGroup(input);
        const phase = new Map(input.nodes.map((n) => [n.name, n.phase]));
        for (const d of plan.drain) expect(phase.get(d.name)).toBe('Active');
        for (const r of plan.remove) expect(['Pending', 'Provisioning', 'Joining', 'Drained']).toContain(phase.get(r.name));
        expect(new Set([...plan.drain, ...plan.remove].map((a) => a.name)).size).toBe(plan.drain.length + plan.remove.length);
      }),
      { numRuns: 2_000 },
    );
  });

  it('creates only offerings of the group', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const c of planNodeGroup(input).create) expect(input.spec.offeringIDs).toContain(c.offeringID);
      }),
      { numRuns: 1_000 },
    );
  });

  it('has no further work once its effects are applied and its requests consumed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planNodeGroup(input);
        const next = planNodeGroup({
          ...input,
          nodes: applyPlan(input, plan),
          pendingScaleUp: [],
          pendingScaleDown: [],
          ...(plan.create.length > 0 ? { lastScaleUpAt: input.now } : {}),
          ...(plan.drain.length > 0 || plan.remove.length > 0 ? { lastScaleDownAt: input.now } : {}),
        });
        expect(next.create).toEqual([]);
        expect(next.drain).toEqual([]);
        expect(next.remove).toEqual([]);
        expect(next.hasWork).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('replaces every Failed node once while the group has room for it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const parts = partitionNodes(input.nodes);
        const slots = parts.healthy.length + parts.replaceable.length + parts.exhausted.length;
        fc.pre(slots <= input.spec.maxNodes && input.spec.minNodes <= input.spec.maxNodes);
        const plan = planNodeGroup({ ...input, pendingScaleDown: [] });
        const replaced = plan.create.filter((c) => c.reason === 'replace').map((c) => c.replaces);
        expect(replaced.sort()).toEqual(parts.replaceable.map((n) => n.name).sort());
      }),
      { numRuns: 2_000 },
    );
  });

  it('plans the same whatever the order of the node list', () => {
    fc.assert(
      fc.property(inputArb, fc.infiniteStream(fc.nat()), (input, seeds) => {
        const shuffled = [...input.nodes].map((n) => [seeds.next().value as number, n] as const).sort((a, b) => a[0] - b[0]).map(([, n]) => n);
        expect(planNodeGroup({ ...input, nodes: shuffled })).toEqual(planNodeGroup(input));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts only requests it acts on, and reports every other one blocked or already under way', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planNodeGroup(input);
        const acted = new Set([...plan.drain, ...plan.remove].map((a) => a.name));
        for (const request of plan.accepted.scaleDown) expect(acted).toContain(request.name);
        const accepted = plan.accepted.scaleUp.reduce((sum, r) => sum + r.count, 0);
        expect(plan.create.filter((c) => c.reason === 'scale-up')).toHaveLength(accepted);
        const byName = new Map(input.nodes.map((n) => [n.name, n]));
        for (const request of input.pendingScaleDown) {
          const taken = plan.accepted.scaleDown.some((r) => r.name === request.name);
          const blocked = plan.blocked.some((b) => b.name === request.name);
          const leaving = byName.has(request.name) && !isHealthy(byName.get(request.name)!);
          expect(taken || blocked || leaving, request.name).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
