import { describe, expect, it } from 'vitest';
import { planScaleUp } from '../../../src/policy/scaling/scale-up/plan.ts';
import type { ScaleUpInput, UpcomingNode } from '../../../src/policy/scaling/types.ts';
import { GI, GPU_TAINT, group, pod, template } from './support.ts';

function input(overrides: Partial<ScaleUpInput>): ScaleUpInput {
  return { pods: [], upcoming: [], groups: [], heldOfferings: [], ...overrides };
}

function pods(count: number, cpu: number, memory = 0, prefix = 'p') {
  return Array.from({ length: count }, (_, i) => pod(`${prefix}${String(i).padStart(3, '0')}`, cpu, memory));
}

const SMALL = template('g', 'small', 2000, 4, 1);
const MEDIUM = template('g', 'medium', 4000, 8, 2);
const LARGE = template('g', 'large', 8000, 16, 4.4);

function upcoming(name: string, cpu: number, extra: Partial<UpcomingNode> = {}): UpcomingNode {
  return { name, free: { cpu, memory: 8 * GI, pods: 110 }, labels: {}, taints: [], ...extra };
}

describe('planScaleUp: capacity already coming', () => {
  it('places pods on upcoming nodes before buying any', () => {
    const d = planScaleUp(input({ pods: pods(3, 1000), upcoming: [upcoming('u1', 4000)], groups: [group('g', [SMALL])] }));
    expect(d.upcoming).toEqual([{ node: 'u1', pods: ['default/p000', 'default/p001', 'default/p002'] }]);
    expect([d.newNodes, d.record.outcome, d.record.onUpcoming]).toEqual([[], 'NoScaleUpNeeded', { pods: 3, nodes: 1 }]);
  });

  it('buys only for the pods that overflow the upcoming nodes', () => {
    const d = planScaleUp(input({ pods: pods(5, 1000), upcoming: [upcoming('u1', 3000)], groups: [group('g', [SMALL])] }));
    expect(d.upcoming[0]!.pods).toHaveLength(3);
    expect(d.scaleUps).toEqual([{ group: 'g', offeringID: 'small', count: 1 }]);
  });

  it('honours an upcoming node taints and labels', () => {
    const tainted = upcoming('u1', 8000, { taints: [GPU_TAINT] });
    const labelled = upcoming('u2', 8000, { labels: { disk: 'hdd' } });
    const d = planScaleUp(input({ pods: [pod('a', 100, 0, { nodeSelector: { disk: 'ssd' } })], upcoming: [tainted, labelled], groups: [group('g', [template('g', 'ssd', 2000, 4, 1, { labels: { disk: 'ssd' } })])] }));
    expect(d.upcoming.flatMap((u) => u.pods)).toEqual([]);
    expect(d.newNodes).toEqual([{ group: 'g', offeringID: 'ssd', pods: ['default/a'] }]);
  });
});

describe('planScaleUp: choosing offerings', () => {
  it('picks the offering with the lowest price per unit of placed work', () => {
    // Six 1-core pods: small holds 2 (3 nodes), medium 4 (2 nodes), large 8 (1 node).
    const cheapLarge = template('g', 'large', 8000, 16, 3.6);
    expect(planScaleUp(input({ pods: pods(6, 1000), groups: [group('g', [MEDIUM, cheapLarge, template('g', 'small', 2000, 4, 1.5)])] })).scaleUps).toEqual([
      { group: 'g', offeringID: 'large', count: 1 },
    ]);
    expect(planScaleUp(input({ pods: pods(6, 1000), groups: [group('g', [SMALL, MEDIUM, LARGE])] })).scaleUps).toEqual([{ group: 'g', offeringID: 'small', count: 3 }]);
  });

  it('beats a single large node by packing medium nodes and shrinking the half-empty one', () => {
    // Medium at 2 and small at 1.5 (3.5 in all) place six 1-core pods for less than large at 4.4.
    const d = planScaleUp(input({ pods: pods(6, 1000), groups: [group('g', [MEDIUM, LARGE, template('g', 'small', 2000, 4, 1.5)])] }));
    expect(d.scaleUps).toEqual([
      { group: 'g', offeringID: 'medium', count: 1 },
      { group: 'g', offeringID: 'small', count: 1 },
    ]);
  });

  it('returns every new node needed in one decision, with the pods each is for', () => {
    const d = planScaleUp(input({ pods: pods(10, 1000), groups: [group('g', [SMALL])] }));
    expect(d.scaleUps).toEqual([{ group: 'g', offeringID: 'small', count: 5 }]);
    expect(d.newNodes.map((n) => n.pods.length)).toEqual([2, 2, 2, 2, 2]);
    expect(new Set(d.newNodes.flatMap((n) => n.pods)).size).toBe(10);
  });

  it('moves a node left mostly empty to a cheaper offering of its group', () => {
    // Medium is cheaper per core; nine 1-core pods pack as 4 + 4 + 1, and the last node needs only a small one.
    const cheapMedium = template('g', 'medium', 4000, 8, 1.9);
    const d = planScaleUp(input({ pods: pods(9, 1000), groups: [group('g', [template('g', 'small', 2000, 4, 1.2), cheapMedium])] }));
    expect(d.scaleUps).toEqual([
      { group: 'g', offeringID: 'small', count: 1 },
      { group: 'g', offeringID: 'medium', count: 2 },
    ]);
    expect(d.record.rounds[0]!.rightSized).toEqual([
      { offeringID: 'small', count: 1 },
      { offeringID: 'medium', count: 2 },
    ]);
  });

  it('does not move a node to an offering its pods do not select', () => {
    const cheapMedium = template('g', 'medium', 4000, 8, 1.9);
    const pinned = pods(9, 1000).map((p) => ({ ...p, nodeSelector: { 'node.kubernetes.io/instance-type': 'medium' } }));
    const d = planScaleUp(input({ pods: pinned, groups: [group('g', [template('g', 'small', 2000, 4, 1.2), cheapMedium])] }));
    expect(d.scaleUps).toEqual([{ group: 'g', offeringID: 'medium', count: 3 }]);
  });

  it('leaves room for the DaemonSet pods of each new node', () => {
    const withDaemons = template('g', 'medium', 4000, 8, 2, { daemonSetOverhead: { cpu: 1000, memory: GI, pods: 2 } });
    const d = planScaleUp(input({ pods: pods(4, 1000), groups: [group('g', [withDaemons])] }));
    expect(d.newNodes.map((n) => n.pods.length)).toEqual([3, 1]);
  });

  it('counts pod slots: a node takes no more pods than allocatable pods minus its DaemonSet pods', () => {
    const few = template('g', 'few', 100_000, 100, 1, { allocatable: { cpu: 100_000, memory: 100 * GI, pods: 5 }, daemonSetOverhead: { cpu: 0, memory: 0, pods: 2 } });
    const d = planScaleUp(input({ pods: pods(7, 10), groups: [group('g', [few])] }));
    expect(d.newNodes.map((n) => n.pods.length)).toEqual([3, 3, 1]);
  });

  it('prefers the group with the cheaper unit rate for pods that fit both', () => {
    const dear = group('dear', [template('dear', 'm', 4000, 8, 3)]);
    const cheap = group('cheap', [template('cheap', 'm', 4000, 8, 2)]);
    expect(planScaleUp(input({ pods: pods(4, 1000), groups: [dear, cheap] })).scaleUps).toEqual([{ group: 'cheap', offeringID: 'm', count: 1 }]);
  });

  it('sends pods that select or tolerate a group only there, and the rest to the cheapest', () => {
    const gpu = group('gpu', [template('gpu', 'gpu-8', 8000, 16, 10, { labels: { pool: 'gpu' } })], { taints: [GPU_TAINT] });
    const general = group('general', [template('general', 'm', 4000, 8, 2, { labels: { pool: 'general' } })]);
    const trainer = pod('trainer', 4000, GI, { nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'gpu', operator: 'Exists' }] });
    const d = planScaleUp(input({ pods: [trainer, ...pods(4, 1000)], groups: [gpu, general] }));
    expect(d.newNodes).toEqual([
      { group: 'general', offeringID: 'm', pods: ['default/p000', 'default/p001', 'default/p002', 'default/p003'] },
      { group: 'gpu', offeringID: 'gpu-8', pods: ['default/trainer'] },
    ]);
  });

  it('honours required node affinity against the group labels', () => {
    const zoneA = group('a', [template('a', 'm', 4000, 8, 2, { labels: { zone: 'a' } })]);
    const zoneB = group('b', [template('b', 'm', 4000, 8, 1, { labels: { zone: 'b' } })]);
    const p = pod('x', 1000, 0, { requiredAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }] });
    expect(planScaleUp(input({ pods: [p], groups: [zoneA, zoneB] })).scaleUps).toEqual([{ group: 'a', offeringID: 'm', count: 1 }]);
  });
});

describe('planScaleUp: limits', () => {
  it('never takes a group past maxNodes, counting its live nodes', () => {
    const d = planScaleUp(input({ pods: pods(10, 1000), groups: [group('g', [SMALL], { maxNodes: 5, liveNodes: 3 })] }));
    expect(d.scaleUps).toEqual([{ group: 'g', offeringID: 'small', count: 2 }]);
    expect(d.unplaced).toHaveLength(6);
    expect(d.unplaced[0]!.reasons).toEqual([{ group: 'g', kind: 'AtMaxNodes', notNow: true, detail: 'at maxNodes 5 (3 live + 2 planned in this decision)' }]);
  });

  it('spills over to the next group when the cheapest is full', () => {
    const cheap = group('cheap', [template('cheap', 'm', 4000, 8, 1)], { maxNodes: 1 });
    const dear = group('dear', [template('dear', 'm', 4000, 8, 5)]);
    expect(planScaleUp(input({ pods: pods(8, 1000), groups: [cheap, dear] })).scaleUps).toEqual([
      { group: 'cheap', offeringID: 'm', count: 1 },
      { group: 'dear', offeringID: 'm', count: 1 },
    ]);
  });

  it('skips an offering held unavailable and uses the next cheapest at once', () => {
    const d = planScaleUp(input({ pods: pods(6, 1000), groups: [group('g', [SMALL, MEDIUM, LARGE])], heldOfferings: ['small'] }));
    expect(d.scaleUps).toEqual([{ group: 'g', offeringID: 'medium', count: 2 }]);
    expect(d.record.inputs.groups[0]!.held).toEqual(['small']);
  });

  it('buys nothing in a group with scale-up disabled', () => {
    const d = planScaleUp(input({ pods: pods(1, 1000), groups: [group('g', [SMALL], { scaleUpEnabled: false })] }));
    expect([d.newNodes, d.record.outcome]).toEqual([[], 'NotTriggerScaleUp']);
  });
});

describe('planScaleUp: records', () => {
  it('lists every option that could place a pod, best first, with the winner and why', () => {
    const d = planScaleUp(input({ pods: pods(6, 1000), groups: [group('g', [SMALL, MEDIUM, LARGE])] }));
    const round = d.record.rounds[0]!;
    expect(round.considered.map((o) => o.offeringID)).toEqual(['small', 'medium', 'large']);
    expect(round.considered.map((o) => o.score)).toEqual([...round.considered.map((o) => o.score)].sort((a, b) => a - b));
    expect(round.winner).toEqual(round.considered[0]);
    expect(round.why).toMatch(/^lowest price per unit of placed work: \d\.\d{3} against g\/medium at \d\.\d{3}$/);
  });

  it('says which tie-break decided when two options cost the same per unit of work', () => {
    // small and medium charge the same per core; 8 one-core pods fill 4 small or 2 medium nodes exactly.
    const d = planScaleUp(input({ pods: pods(8, 1000), groups: [group('g', [SMALL, MEDIUM])] }));
    const round = d.record.rounds[0]!;
    expect(round.winner.offeringID).toBe('medium');
    expect(round.why).toMatch(/^tied with g\/small at \d\.\d{3} per unit of placed work; fewer nodes \(2 against 4\)$/);
  });

  it('scores a perfectly packed option at the cheapest unit rate as 1', () => {
    const d = planScaleUp(input({ pods: pods(4, 1000, 2 * GI), groups: [group('g', [MEDIUM])] }));
    expect(d.record.rounds[0]!.winner.score).toBeCloseTo(1, 9);
  });

  it('says so when one option alone can place the pods', () => {
    expect(planScaleUp(input({ pods: pods(1, 1000), groups: [group('g', [SMALL])] })).record.rounds[0]!.why).toBe('the only option that places any of these pods');
  });

  it('records inputs as counts and the outcome', () => {
    const d = planScaleUp(input({ pods: pods(3, 1000), upcoming: [upcoming('u', 1000)], groups: [group('g', [SMALL], { maxNodes: 4, liveNodes: 2 })] }));
    expect(d.record).toMatchObject({
      kind: 'ScaleUp',
      outcome: 'TriggeredScaleUp',
      inputs: { pendingPods: 3, upcomingNodes: 1, heldOfferings: [], groups: [{ group: 'g', scaleUpEnabled: true, headroom: 2, offerings: 1, held: [] }] },
      newNodes: [{ group: 'g', offeringID: 'small', count: 1 }],
    });
  });

  it('is plain JSON', () => {
    const d = planScaleUp(input({ pods: [...pods(6, 1000), pod('huge', 99_000, 0)], groups: [group('g', [SMALL, MEDIUM])] }));
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('needs nothing without pending pods', () => {
    expect(planScaleUp(input({ groups: [group('g', [SMALL])] })).record.outcome).toBe('NoScaleUpNeeded');
  });
});
