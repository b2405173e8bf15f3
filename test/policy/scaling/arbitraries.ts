/** fast-check generators of scaling inputs: small clusters with mixed selectors, affinities, taints and DaemonSet overhead. */
import fc from 'fast-check';
import type {
  ClusterNode,
  NodeSelectorRequirement,
  NodeTemplate,
  PendingPod,
  PodDisruptionBudgetView,
  RunningPod,
  ScaleDownGroup,
  ScaleDownInput,
  ScaleUpGroup,
  ScaleUpInput,
  Taint,
  Toleration,
  UpcomingNode,
} from '../../../src/policy/scaling/types.ts';
import { GI, NOW, samples } from './support.ts';

const TAINTS: Taint[] = [
  { key: 'gpu', value: 'true', effect: 'NoSchedule' },
  { key: 'spot', effect: 'NoExecute' },
  { key: 'soft', effect: 'PreferNoSchedule' },
];

const TOLERATIONS: Toleration[][] = [[{ key: 'gpu', operator: 'Exists' }], [{ operator: 'Exists' }], [{ key: 'spot', operator: 'Equal', effect: 'NoExecute' }], [{ key: 'gpu', value: 'false' }]];

/** Absent three times in four. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** Absent nine times in ten. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

const labelsArb = fc.record({ zone: fc.constantFrom('a', 'b'), disk: fc.option(fc.constantFrom('ssd', 'hdd'), { nil: undefined }), cores: fc.constantFrom('2', '4', '8') }).map((l) => {
  const out: Record<string, string> = { zone: l.zone, cores: l.cores };
  if (l.disk) out.disk = l.disk;
  return out;
});

const requirementArb: fc.Arbitrary<NodeSelectorRequirement> = fc.oneof(
  fc.record({ key: fc.constantFrom('zone', 'disk'), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.subarray(['a', 'b', 'ssd', 'hdd'], { minLength: 1 }) }),
  fc.record({ key: fc.constantFrom('disk', 'gpu'), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
  fc.record({ key: fc.constant('cores'), operator: fc.constantFrom('Gt' as const, 'Lt' as const), values: fc.constantFrom(['2'], ['4'], ['x']) }),
);

const requirementsArb = fc.record({
  nodeSelector: sometimes(fc.oneof(fc.record({ zone: fc.constantFrom('a', 'b') }), fc.record({ disk: fc.constant('ssd') }), fc.record({ 'autoscaler.vpsie.com/nodegroup': fc.constantFrom('g0', 'g1') }))),
  requiredAffinity: sometimes(fc.array(fc.record({ matchExpressions: fc.array(requirementArb, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 })),
  tolerations: sometimes(fc.constantFrom(...TOLERATIONS)),
});

function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const requestsArb = fc.record({ cpu: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9000 })), memory: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 18 * 1024 }).map((mi) => mi * 2 ** 20)) });

export const pendingPodsArb: fc.Arbitrary<PendingPod[]> = fc
  .array(fc.record({ requests: requestsArb, req: requirementsArb }), { maxLength: 40 })
  .map((list) => list.map((p, i) => strip({ namespace: i % 3 ? 'default' : 'batch', name: `p${i}`, requests: p.requests, ...p.req })));

const templateArb = (group: string, offeringID: string): fc.Arbitrary<NodeTemplate> =>
  fc
    .record({
      cpu: fc.integer({ min: 1000, max: 16_000 }),
      memoryGi: fc.integer({ min: 1, max: 64 }),
      pods: fc.integer({ min: 3, max: 110 }),
      price: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })),
      overhead: fc.record({ cpu: fc.integer({ min: 0, max: 250 }), memoryMi: fc.integer({ min: 0, max: 256 }), pods: fc.integer({ min: 0, max: 2 }) }),
      labels: labelsArb,
    })
    .map((t) => ({
      offeringID,
      hourlyPrice: t.price,
      allocatable: { cpu: t.cpu, memory: t.memoryGi * GI, pods: t.pods },
      labels: { ...t.labels, 'autoscaler.vpsie.com/nodegroup': group, 'node.kubernetes.io/instance-type': offeringID },
      daemonSetOverhead: { cpu: t.overhead.cpu, memory: t.overhead.memoryMi * 2 ** 20, pods: t.overhead.pods },
    }));

const OFFERING_IDS = ['o1', 'o2', 'o3', 'o4', 'o5'];

export const scaleUpGroupsArb: fc.Arbitrary<ScaleUpGroup[]> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, g) =>
      fc.record({
        ids: fc.subarray(OFFERING_IDS, { minLength: 1, maxLength: 4 }),
        maxNodes: fc.integer({ min: 0, max: 8 }),
        liveNodes: fc.integer({ min: 0, max: 4 }),
        scaleUpEnabled: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        taints: fc.subarray(TAINTS, { maxLength: 2 }),
      }).chain((s) =>
        fc.tuple(...s.ids.map((id) => templateArb(`g${g}`, id))).map(
          (offerings): ScaleUpGroup => ({ name: `g${g}`, maxNodes: s.maxNodes, liveNodes: s.liveNodes, scaleUpEnabled: s.scaleUpEnabled, taints: s.taints, offerings }),
        ),
      ),
    ),
  ),
);

const upcomingArb: fc.Arbitrary<UpcomingNode[]> = fc
  .array(fc.record({ cpu: fc.integer({ min: 0, max: 8000 }), memoryGi: fc.integer({ min: 0, max: 16 }), pods: fc.integer({ min: 0, max: 20 }), labels: labelsArb, taints: fc.subarray(TAINTS, { maxLength: 2 }) }), { maxLength: 3 })
  .map((list) => list.map((u, i) => ({ name: `u${i}`, free: { cpu: u.cpu, memory: u.memoryGi * GI, pods: u.pods }, labels: u.labels, taints: u.taints })));

export const scaleUpInputArb: fc.Arbitrary<ScaleUpInput> = fc
  .record({ pods: pendingPodsArb, upcoming: upcomingArb, groups: scaleUpGroupsArb, held: fc.subarray(OFFERING_IDS, { maxLength: 2 }) })
  .map((r) => ({ pods: r.pods, upcoming: r.upcoming, groups: r.groups, heldOfferings: r.held }));

// ---------------------------------------------------------------- scale-down

const runningPodsArb = (node: number): fc.Arbitrary<RunningPod[]> =>
  fc
    .array(
      fc.record({
        cpu: fc.integer({ min: 0, max: 1500 }),
        memoryMi: fc.integer({ min: 0, max: 2048 }),
        req: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: requirementsArb }),
        app: fc.constantFrom('web', 'db', 'cache'),
        kind: fc.oneof({ weight: 20, arbitrary: fc.constantFrom('ReplicaSet', 'StatefulSet', 'DaemonSet') }, { weight: 1, arbitrary: fc.constant(undefined) }),
        namespace: fc.oneof({ weight: 8, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: fc.constant('kube-system') }),
        annotations: rarely(
          fc.constantFrom<Record<string, string>>({ 'autoscaler.vpsie.com/do-not-disrupt': 'true' }, { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' }, { 'kubernetes.io/config.mirror': 'x' }),
        ),
        local: rarely(fc.constant([{ name: 'scratch', kind: 'emptyDir' as const }])),
      }),
      { maxLength: 6 },
    )
    .map((list) =>
      list.map((p, i) =>
        strip({
          namespace: p.namespace,
          name: `n${node}-p${i}`,
          requests: { cpu: p.cpu, memory: p.memoryMi * 2 ** 20 },
          ...p.req,
          labels: { app: p.app },
          annotations: p.annotations,
          controller: p.kind ? { kind: p.kind, name: `${p.app}-x` } : undefined,
          localVolumes: p.local,
        }),
      ),
    );

export const scaleDownInputArb: fc.Arbitrary<ScaleDownInput> = fc
  .record({
    groups: fc.array(
      fc.record({ minNodes: fc.integer({ min: 0, max: 2 }), disruptionsAllowed: fc.integer({ min: 0, max: 3 }), extraLive: fc.integer({ min: 0, max: 2 }), enabled: fc.boolean() }),
      { minLength: 1, maxLength: 3 },
    ),
    nodes: fc.integer({ min: 0, max: 10 }).chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            group: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 6 }),
            cpu: fc.integer({ min: 1000, max: 8000 }),
            memoryGi: fc.integer({ min: 1, max: 16 }),
            pods: fc.integer({ min: 2, max: 30 }),
            labels: labelsArb,
            taints: fc.subarray(TAINTS, { maxLength: 1 }),
            load: fc.double({ min: 0, max: 1, noNaN: true }),
            unschedulable: fc.integer({ min: 0, max: 9 }).map((x) => x < 2),
            deleting: fc.integer({ min: 0, max: 9 }).map((x) => x < 1),
            nodeOptOut: rarely(fc.constant({ 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' })),
            running: runningPodsArb(i),
          }),
        ),
      ),
    ),
    pdbs: fc.array(fc.record({ app: fc.constantFrom('web', 'db', 'cache'), allowed: fc.integer({ min: 0, max: 2 }), namespace: fc.constantFrom('default', 'kube-system') }), { maxLength: 3 }),
  })
  .map((r): ScaleDownInput => {
    const groups: ScaleDownGroup[] = r.groups.map((g, i) => {
      const members = r.nodes.filter((n) => n.group === i).length;
      return { name: `g${i}`, minNodes: g.minNodes, liveNodes: members + g.extraLive, disruptionsAllowed: g.disruptionsAllowed, scaleDownPolicy: { enabled: g.enabled || i === 0 } };
    });
    const nodes: ClusterNode[] = r.nodes.map((n, i) =>
      strip({
        name: `n${i}`,
        group: n.group !== undefined && n.group < groups.length ? `g${n.group}` : undefined,
        allocatable: { cpu: n.cpu, memory: n.memoryGi * GI, pods: n.pods },
        labels: n.labels,
        taints: n.taints,
        annotations: n.nodeOptOut,
        unschedulable: n.unschedulable,
        deleting: n.deleting,
        pods: n.running,
        samples: samples(n.load),
      }),
    );
    const pdbs: PodDisruptionBudgetView[] = r.pdbs.map((p, i) => ({ namespace: p.namespace, name: `pdb${i}`, selector: { matchLabels: { app: p.app } }, disruptionsAllowed: p.allowed }));
    return { now: NOW, groups, nodes, pdbs };
  });
