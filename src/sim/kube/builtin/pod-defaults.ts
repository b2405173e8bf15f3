import { parseQuantity } from '../../../common/quantity.ts';

type Json = Record<string, unknown>;

/** The tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function defaultContainer(c: Json): void {
  const image = typeof c.image === 'string' ? c.image : '';
  const tag = image.includes('@') ? 'digest' : (image.split('/').pop() ?? '').split(':')[1];
  c.imagePullPolicy ??= tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  const resources = (c.resources ??= {}) as Json;
  // Requests default to limits, as in the core/v1 defaulting functions.
  const limits = resources.limits as Json | undefined;
  if (limits) {
    const requests = (resources.requests ??= {}) as Json;
    for (const [name, value] of Object.entries(limits)) requests[name] ??= value;
  }
  for (const port of (c.ports as Json[] | undefined) ?? []) port.protocol ??= 'TCP';
}

/** Applies the core/v1 PodSpec defaults (shared by pods and the templates of workloads). */
export function defaultPodSpec(spec: Json): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of (spec[list] as Json[] | undefined) ?? []) defaultContainer(c);
  }
}

/** Applies pod-level admission defaults that only real pods get (not templates). */
export function admitPod(spec: Json): void {
  const tolerations = (spec.tolerations ??= []) as Json[];
  for (const t of DEFAULT_TOLERATIONS) {
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push({ ...t });
  }
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** BestEffort, Burstable or Guaranteed, from the containers' requests and limits. */
export function qosClass(spec: Json): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = [...((spec.containers as Json[] | undefined) ?? []), ...((spec.initContainers as Json[] | undefined) ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const r = (c.resources ?? {}) as { requests?: Json; limits?: Json };
    const requests = r.requests ?? {};
    const limits = r.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const name of ['cpu', 'memory']) {
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit === undefined || request === undefined || parseQuantity(String(limit)) !== parseQuantity(String(request))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
