/**
 * Kubernetes objects (as @kubernetes/client-node returns them, typed structurally here) turned
 * into the plain inputs of the scaling decisions. The API server has validated them, so operator
 * and effect strings are the ones Kubernetes allows.
 */
import { bytes, cpuMillis } from '../../common/quantity.ts';
import { LABELS } from '../../api/v1alpha1.ts';
import { type RequestsSpec, podRequestsOf } from './pod-requests.ts';
import type {
  ClusterNode,
  LabelSelector,
  LocalVolume,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PendingPod,
  PodDisruptionBudgetView,
  RunningPod,
  SampleColumns,
  Taint,
  Toleration,
} from './types.ts';

type StringMap = Readonly<Record<string, string>>;
type SelectorOperator = NonNullable<LabelSelector['matchExpressions']>[number]['operator'];

interface KubeRequirement {
  key: string;
  operator: string;
  values?: readonly string[];
}

export interface KubePodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: StringMap;
    annotations?: StringMap;
    ownerReferences?: readonly { kind: string; name: string; controller?: boolean }[];
  };
  spec?: RequestsSpec & {
    nodeSelector?: StringMap;
    affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: readonly { matchExpressions?: readonly KubeRequirement[]; matchFields?: readonly KubeRequirement[] }[] } } };
    tolerations?: readonly { key?: string; operator?: string; value?: string; effect?: string }[];
    volumes?: readonly { name: string; emptyDir?: { medium?: string }; hostPath?: object }[];
  };
}

export interface KubeNodeLike {
  metadata?: { name?: string; labels?: StringMap; annotations?: StringMap };
  spec?: { taints?: readonly { key: string; value?: string; effect: string }[]; unschedulable?: boolean };
  status?: { allocatable?: Readonly<Record<string, string | number>> };
}

export interface KubePdbLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { selector?: { matchLabels?: StringMap; matchExpressions?: readonly KubeRequirement[] } };
  status?: { disruptionsAllowed?: number };
}

function requirement(r: KubeRequirement): NodeSelectorRequirement {
  return { key: r.key, operator: r.operator as NodeSelectorRequirement['operator'], ...(r.values ? { values: [...r.values] } : {}) };
}

function toleration(t: NonNullable<NonNullable<KubePodLike['spec']>['tolerations']>[number]): Toleration {
  return {
    ...(t.key ? { key: t.key } : {}),
    ...(t.operator ? { operator: t.operator as Toleration['operator'] } : {}),
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect ? { effect: t.effect as Taint['effect'] } : {}),
  };
}

/** The scheduling view of a pod: what the fit predicates read. */
export function pendingPodFromKube(pod: KubePodLike): PendingPod {
  const spec = pod.spec ?? {};
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return {
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name ?? '',
    requests: podRequestsOf(spec),
    ...(spec.nodeSelector ? { nodeSelector: { ...spec.nodeSelector } } : {}),
    ...(terms
      ? {
          requiredAffinity: terms.map(
            (t): NodeSelectorTerm => ({
              ...(t.matchExpressions ? { matchExpressions: t.matchExpressions.map(requirement) } : {}),
              ...(t.matchFields ? { matchFields: t.matchFields.map(requirement) } : {}),
            }),
          ),
        }
      : {}),
    ...(spec.tolerations?.length ? { tolerations: spec.tolerations.map(toleration) } : {}),
  };
}

/** Volumes whose data stays on the node: emptyDir not backed by memory, and hostPath. */
export function localVolumesOf(spec: KubePodLike['spec']): LocalVolume[] {
  const local: LocalVolume[] = [];
  for (const v of spec?.volumes ?? []) {
    if (v.hostPath) local.push({ name: v.name, kind: 'hostPath' });
    else if (v.emptyDir && v.emptyDir.medium !== 'Memory') local.push({ name: v.name, kind: 'emptyDir' });
  }
  return local;
}

/** The view of a pod bound to a node that scale-down reads: scheduling, ownership, annotations, local storage. */
export function runningPodFromKube(pod: KubePodLike): RunningPod {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
  const local = localVolumesOf(pod.spec);
  return {
    ...pendingPodFromKube(pod),
    ...(pod.metadata?.labels ? { labels: { ...pod.metadata.labels } } : {}),
    ...(pod.metadata?.annotations ? { annotations: { ...pod.metadata.annotations } } : {}),
    ...(owner ? { controller: { kind: owner.kind, name: owner.name } } : {}),
    ...(local.length ? { localVolumes: local } : {}),
  };
}

/**
 * A Node with its pods for scale-down. It belongs to a group when it carries the managed and
 * nodegroup labels; `deleting` and `samples` come from its VPSieNode's actor.
 */
export function clusterNodeFromKube(node: KubeNodeLike, pods: readonly KubePodLike[], extra: { deleting: boolean; samples?: SampleColumns }): ClusterNode {
  const labels = node.metadata?.labels ?? {};
  const a = node.status?.allocatable ?? {};
  const group = labels[LABELS.managed] === 'true' ? labels[LABELS.nodeGroup] : undefined;
  return {
    name: node.metadata?.name ?? '',
    ...(group ? { group } : {}),
    allocatable: { cpu: cpuMillis(a.cpu ?? 0), memory: bytes(a.memory ?? 0), pods: Number(a.pods ?? 0) },
    labels: { ...labels },
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect as Taint['effect'] })),
    ...(node.metadata?.annotations ? { annotations: { ...node.metadata.annotations } } : {}),
    unschedulable: node.spec?.unschedulable === true,
    deleting: extra.deleting,
    pods: pods.map(runningPodFromKube),
    ...(extra.samples ? { samples: extra.samples } : {}),
  };
}

export function pdbFromKube(pdb: KubePdbLike): PodDisruptionBudgetView {
  const selector = pdb.spec?.selector;
  const view: LabelSelector | undefined = selector
    ? {
        ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
        ...(selector.matchExpressions
          ? { matchExpressions: selector.matchExpressions.map((r) => ({ key: r.key, operator: r.operator as SelectorOperator, ...(r.values ? { values: [...r.values] } : {}) })) }
          : {}),
      }
    : undefined;
  return {
    namespace: pdb.metadata?.namespace ?? 'default',
    name: pdb.metadata?.name ?? '',
    ...(view ? { selector: view } : {}),
    disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
  };
}
