import { createHash } from 'node:crypto';
import { rfc3339 } from '../../kube/time.ts';
import { type Condition, type Container, type Pod, type PodStatus, conditionOf } from '../kube-shapes.ts';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function imageRef(image: string | undefined): { image: string; imageID: string } {
  const name = image ?? '';
  const qualified = name.includes('/') ? name : `docker.io/library/${name}`;
  const withTag = /:[^/]+$/.test(qualified) || qualified.includes('@') ? qualified : `${qualified}:latest`;
  return { image: withTag, imageID: `${withTag.replace(/:[^/:]+$/, '')}@sha256:${digest(withTag)}` };
}

function condition(pod: Pod, type: string, status: Condition['status'], at: string, reason?: string, message?: string): Condition {
  const before = conditionOf(pod.status?.conditions, type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : at,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function scheduled(pod: Pod, at: string): Condition {
  return conditionOf(pod.status?.conditions, 'PodScheduled') ?? condition(pod, 'PodScheduled', 'True', at);
}

function initStatuses(pod: Pod, startedAt: string): object[] | undefined {
  const inits = pod.spec.initContainers ?? [];
  if (!inits.length) return undefined;
  return inits.map((c) => ({
    name: c.name,
    ...imageRef(c.image),
    containerID: `containerd://${digest(`${pod.metadata.uid}/${c.name}/init`)}`,
    ready: true,
    restartCount: 0,
    started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt, containerID: `containerd://${digest(`${pod.metadata.uid}/${c.name}/init`)}` } },
    lastState: {},
  }));
}

function containerStatus(pod: Pod, c: Container, state: object, ready: boolean): object {
  const running = 'running' in state;
  return {
    name: c.name,
    ...imageRef(c.image),
    ...(running ? { containerID: `containerd://${digest(`${pod.metadata.uid}/${c.name}`)}` } : {}),
    ready,
    restartCount: 0,
    started: running,
    state,
    lastState: {},
  };
}

/** What the kubelet reports once it has accepted a pod and is starting its containers. */
export function containerCreatingStatus(pod: Pod, hostIP: string, now: Date): PodStatus {
  const at = rfc3339(now);
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const notReady = `containers with unready status: [${names}]`;
  return {
    phase: 'Pending',
    conditions: [
      condition(pod, 'PodReadyToStartContainers', 'False', at),
      condition(pod, 'Initialized', 'True', at),
      condition(pod, 'Ready', 'False', at, 'ContainersNotReady', notReady),
      condition(pod, 'ContainersReady', 'False', at, 'ContainersNotReady', notReady),
      scheduled(pod, at),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: pod.status?.startTime ?? at,
    containerStatuses: pod.spec.containers.map((c) => containerStatus(pod, c, { waiting: { reason: 'ContainerCreating' } }, false)),
  };
}

/** What the kubelet reports when every container of the pod runs and is ready. */
export function runningStatus(pod: Pod, hostIP: string, podIP: string, now: Date): PodStatus {
  const at = rfc3339(now);
  const init = initStatuses(pod, pod.status?.startTime ?? at);
  return {
    phase: 'Running',
    conditions: [
      condition(pod, 'PodReadyToStartContainers', 'True', at),
      condition(pod, 'Initialized', 'True', at),
      condition(pod, 'Ready', 'True', at),
      condition(pod, 'ContainersReady', 'True', at),
      scheduled(pod, at),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: pod.status?.startTime ?? at,
    ...(init ? { initContainerStatuses: init } : {}),
    containerStatuses: pod.spec.containers.map((c) => containerStatus(pod, c, { running: { startedAt: at } }, true)),
  };
}

/** The pod's Ready condition set False, as the node lifecycle controller does for the pods of an unreachable node. */
export function notReadyConditions(pod: Pod, now: Date): Condition[] {
  const at = rfc3339(now);
  return (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' && c.status !== 'False' ? { ...c, status: 'False', lastTransitionTime: at } : c));
}
