import { z } from 'zod';
import { bytes, cpuMillis, isQuantity } from '../../../common/quantity.ts';
import { parseDuration } from '../time/duration.ts';

/** A duration (`30s`, `5m`, `1h30m`, `250ms`, or seconds as a number), as simulated milliseconds. */
const duration = z.unknown().transform((value, ctx) => {
  if (typeof value !== 'string' && typeof value !== 'number') {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as 30s, 5m or 1h30m' });
    return z.NEVER;
  }
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

function quantity(toNumber: (q: string) => number) {
  return z.unknown().transform((value, ctx) => {
    if ((typeof value !== 'string' && typeof value !== 'number') || !isQuantity(value)) {
      ctx.addIssue({ code: 'custom', message: `expected a Kubernetes quantity such as 250m, 2, 512Mi or 1Gi, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return { text: String(value), value: toNumber(String(value)) };
  });
}

const cpu = quantity(cpuMillis);
const memory = quantity(bytes);
const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label: lower case letters, digits and -');
const intOrPercent = z.union([z.number().int().min(0), z.string().regex(/^\d+%$/, 'expected an integer or a percentage such as 25%')]);

const resources = z.strictObject({ cpu: cpu.optional(), memory: memory.optional() });
const usagePoint = z.strictObject({ at: duration, cpu: cpu.optional(), memory: memory.optional() });

const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

const workload = z
  .strictObject({
    name,
    namespace: name.default('default'),
    kind: z.enum(['Deployment', 'DaemonSet']).default('Deployment'),
    replicas: z.number().int().min(0).optional(),
    image: z.string().min(1).default('registry.k8s.io/pause:3.10'),
    requests: resources.optional(),
    limits: resources.optional(),
    /** Per-pod usage: one level, or levels over simulated time. */
    usage: z.union([resources, z.array(usagePoint).min(1)]).optional(),
    pdb: z.union([z.strictObject({ minAvailable: intOrPercent }), z.strictObject({ maxUnavailable: intOrPercent })]).optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    tolerations: z.array(toleration).optional(),
    terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  })
  .superRefine((w, ctx) => {
    if (w.kind === 'DaemonSet' && w.replicas !== undefined) ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'a DaemonSet runs one pod per eligible node: remove replicas' });
  });

const endpoint = z.enum(['*', 'login', 'k8sOffers', 'offerings', 'datacenters', 'clusterInfo', 'nodeGroups', 'createNodeGroup', 'addNode', 'deleteNode', 'listVms', 'getVm', 'deleteVm']);
const offeringRef = z.union([z.number().int(), z.string().min(1)]);

const fault = z.union([
  z.literal('clear'),
  z.strictObject({
    capacity: z.strictObject({ offering: z.union([offeringRef, z.array(offeringRef).min(1)]) }).optional(),
    errors: z.strictObject({ endpoint: endpoint.default('*'), rate: z.number().min(0).max(1), status: z.number().int().min(400).max(599).default(503) }).optional(),
    latency: z.strictObject({ endpoint: endpoint.default('*'), ms: z.number().int().min(0) }).optional(),
    quota: z.strictObject({ maxVms: z.number().int().min(0) }).optional(),
  }),
]);

const ACTIONS = ['scale', 'usage', 'fault', 'killNode', 'addNodes', 'delete'] as const;

const step = z
  .strictObject({
    at: duration,
    scale: name.optional(),
    replicas: z.number().int().min(0).optional(),
    usage: name.optional(),
    cpu: cpu.optional(),
    memory: memory.optional(),
    fault: fault.optional(),
    killNode: z.strictObject({ group: name.optional(), node: z.string().optional() }).optional(),
    addNodes: z.strictObject({ group: name, count: z.number().int().min(1).default(1) }).optional(),
    delete: name.optional(),
  })
  .superRefine((s, ctx) => {
    const present = ACTIONS.filter((a) => s[a] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({ code: 'custom', message: present.length ? `one action per step, found ${present.join(' and ')}` : `a step needs one action: ${ACTIONS.join(', ')}` });
      return;
    }
    if (s.scale !== undefined && s.replicas === undefined) ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'a scale step needs replicas' });
    if (s.scale === undefined && s.replicas !== undefined) ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'replicas belongs to a scale step' });
    if (s.usage !== undefined && s.cpu === undefined && s.memory === undefined) ctx.addIssue({ code: 'custom', path: ['usage'], message: 'a usage step needs cpu or memory' });
    if (s.usage === undefined && (s.cpu !== undefined || s.memory !== undefined)) ctx.addIssue({ code: 'custom', path: [s.cpu !== undefined ? 'cpu' : 'memory'], message: 'cpu and memory belong to a usage step' });
  });

const endCondition = z.union([
  z.literal('allRunning'),
  z.strictObject({ readyNodes: z.number().int().min(0) }),
  /** Exactly this many worker (not control-plane) nodes, all Ready: e.g. a scale-down back to the minimum. */
  z.strictObject({ workerNodes: z.number().int().min(0) }),
  z.strictObject({ runningPods: z.number().int().min(0) }),
  z.strictObject({ pendingPods: z.number().int().min(0) }),
]);

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    timeScale: z.number().positive().optional(),
    cluster: z
      .strictObject({
        name: name.optional(),
        datacenter: z.union([z.string().min(1), z.number().int()]).optional(),
        kubeVersion: z.string().regex(/^v\d+\.\d+\.\d+$/, 'expected a version such as v1.32.4').optional(),
        bootDelay: duration.optional(),
        joinDelay: duration.optional(),
        podStartDelay: duration.optional(),
        podTermination: duration.optional(),
        nodeGroups: z.array(z.strictObject({ name, offering: offeringRef, nodes: z.number().int().min(0).default(0) })).default([]),
      })
      .default({ nodeGroups: [] }),
    workloads: z.array(workload).default([]),
    steps: z.array(step).default([]),
    end: z.strictObject({ after: duration, when: endCondition.optional() }).optional(),
  })
  .superRefine((s, ctx) => {
    const workloads = new Set(s.workloads.map((w) => `${w.name}`));
    const groups = new Set(s.cluster.nodeGroups.map((g) => g.name));
    s.workloads.forEach((w, i) => {
      if (s.workloads.findIndex((x) => x.name === w.name) !== i) ctx.addIssue({ code: 'custom', path: ['workloads', i, 'name'], message: `duplicate workload "${w.name}"` });
    });
    s.steps.forEach((st, i) => {
      for (const key of ['scale', 'usage', 'delete'] as const) {
        const ref = st[key];
        if (ref !== undefined && !workloads.has(ref)) ctx.addIssue({ code: 'custom', path: ['steps', i, key], message: `no workload named "${ref}"` });
      }
      const group = st.killNode?.group ?? st.addNodes?.group;
      if (group !== undefined && !groups.has(group)) ctx.addIssue({ code: 'custom', path: ['steps', i, st.killNode ? 'killNode' : 'addNodes', 'group'], message: `no node group named "${group}"` });
      if (st.scale !== undefined && s.workloads.find((w) => w.name === st.scale)?.kind === 'DaemonSet') ctx.addIssue({ code: 'custom', path: ['steps', i, 'scale'], message: `"${st.scale}" is a DaemonSet and cannot be scaled` });
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioWorkload = Scenario['workloads'][number];
export type ScenarioStep = Scenario['steps'][number];
export type EndCondition = NonNullable<NonNullable<Scenario['end']>['when']>;
