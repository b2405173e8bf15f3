import { humanDuration } from '../jsonpath/index.ts';
import type { KubeObject, TableColumn, TableConvertor } from '../types.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- printers read loosely typed JSON

const NAME: TableColumn = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: TableColumn = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };

export function age(obj: KubeObject, now: number): string {
  const created = obj.metadata.creationTimestamp;
  return created ? humanDuration(now - Date.parse(created)) : '<unknown>';
}

function col(name: string, type: TableColumn['type'] = 'string', priority = 0): TableColumn {
  return priority ? { name, type, priority } : { name, type };
}

function or(value: unknown, fallback = '<none>'): unknown {
  return value === undefined || value === null || value === '' ? fallback : value;
}

function podStatus(pod: Json): string {
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const cs of (pod.status?.containerStatuses as Json[] | undefined) ?? []) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
  }
  const gated = (pod.status?.conditions as Json[] | undefined)?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated');
  if (gated) reason = 'SchedulingGated';
  if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function nodeStatus(node: Json): string {
  const ready = (node.status?.conditions as Json[] | undefined)?.find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: Json): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((node.metadata.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function address(node: Json, type: string): unknown {
  return or((node.status?.addresses as Json[] | undefined)?.find((a) => a.type === type)?.address);
}

function formatSelector(selector: Json | undefined): string {
  if (!selector) return '<none>';
  const parts = Object.entries((selector.matchLabels ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  for (const e of (selector.matchExpressions as Json[] | undefined) ?? []) {
    const values = ((e.values as string[] | undefined) ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function containers(o: Json): Json[] {
  return (o.spec?.template?.spec?.containers as Json[] | undefined) ?? [];
}

function servicePorts(s: Json): string {
  const ports = (s.spec?.ports as Json[] | undefined) ?? [];
  return ports.length ? ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') : '<none>';
}

function eventObject(e: Json): string {
  const io = e.involvedObject ?? {};
  return `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`;
}

function table(columns: TableColumn[], cells: (o: Json, now: number) => unknown[]): TableConvertor {
  return { columns, cells: (obj, now) => cells(obj as Json, now) };
}

/** Server-side printers for `kubectl get`, following kube-apiserver's own column sets. */
export const tables: Record<string, TableConvertor> = {
  '/pods': table(
    [NAME, col('Ready'), col('Status'), col('Restarts', 'string'), AGE, col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    (p, now) => {
      const statuses = (p.status?.containerStatuses as Json[] | undefined) ?? [];
      const total = (p.spec?.containers as unknown[] | undefined)?.length ?? 0;
      const ready = statuses.filter((c) => c.ready).length;
      const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
      return [p.metadata.name, `${ready}/${total}`, podStatus(p), String(restarts), age(p as KubeObject, now), or(p.status?.podIP), or(p.spec?.nodeName), or(p.status?.nominatedNodeName), '<none>'];
    },
  ),
  '/nodes': table(
    [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    (n, now) => {
      const info = n.status?.nodeInfo ?? {};
      return [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n as KubeObject, now), or(info.kubeletVersion, ''), address(n, 'InternalIP'), address(n, 'ExternalIP'), or(info.osImage, '<unknown>'), or(info.kernelVersion, '<unknown>'), or(info.containerRuntimeVersion, '<unknown>')];
    },
  ),
  '/namespaces': table([NAME, col('Status'), AGE], (n, now) => [n.metadata.name, n.status?.phase ?? '', age(n as KubeObject, now)]),
  '/events': table(
    [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message'), col('Source', 'string', 1), col('First Seen', 'string', 1), col('Count', 'string', 1), NAME],
    (e, now) => {
      const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const since = (t: string | undefined) => (t ? humanDuration(now - Date.parse(t)) : '<unknown>');
      return [since(last), e.type ?? '', e.reason ?? '', eventObject(e), e.message ?? '', e.source?.component ?? e.reportingComponent ?? '', since(first), String(e.count ?? 1), e.metadata.name];
    },
  ),
  '/secrets': table([NAME, col('Type'), col('Data', 'string'), AGE], (s, now) => [s.metadata.name, s.type ?? 'Opaque', String(Object.keys(s.data ?? {}).length), age(s as KubeObject, now)]),
  '/configmaps': table([NAME, col('Data', 'string'), AGE], (c, now) => [c.metadata.name, String(Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length), age(c as KubeObject, now)]),
  '/services': table(
    [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
    (s, now) => [s.metadata.name, s.spec?.type ?? 'ClusterIP', or(s.spec?.clusterIP), or((s.status?.loadBalancer?.ingress as Json[] | undefined)?.map((i) => i.ip ?? i.hostname).join(',')), servicePorts(s), age(s as KubeObject, now), or(Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(','))],
  ),
  '/serviceaccounts': table([NAME, col('Secrets', 'string'), AGE], (s, now) => [s.metadata.name, String((s.secrets as unknown[] | undefined)?.length ?? 0), age(s as KubeObject, now)]),
  'apps/deployments': table(
    [NAME, col('Ready'), col('Up-to-date', 'string'), col('Available', 'string'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      age(d as KubeObject, now),
      containers(d).map((c) => c.name).join(','),
      containers(d).map((c) => c.image).join(','),
      formatSelector(d.spec?.selector),
    ],
  ),
  'apps/replicasets': table(
    [NAME, col('Desired', 'string'), col('Current', 'string'), col('Ready', 'string'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    (r, now) => [r.metadata.name, String(r.spec?.replicas ?? 0), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), age(r as KubeObject, now), containers(r).map((c) => c.name).join(','), containers(r).map((c) => c.image).join(','), formatSelector(r.spec?.selector)],
  ),
  'apps/daemonsets': table(
    [NAME, col('Desired', 'string'), col('Current', 'string'), col('Ready', 'string'), col('Up-to-date', 'string'), col('Available', 'string'), col('Node Selector'), AGE],
    (d, now) => {
      const s = d.status ?? {};
      const selector = Object.entries(d.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      return [d.metadata.name, String(s.desiredNumberScheduled ?? 0), String(s.currentNumberScheduled ?? 0), String(s.numberReady ?? 0), String(s.updatedNumberScheduled ?? 0), String(s.numberAvailable ?? 0), or(selector), age(d as KubeObject, now)];
    },
  ),
  'policy/poddisruptionbudgets': table(
    [NAME, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', 'string'), AGE],
    (p, now) => [p.metadata.name, String(p.spec?.minAvailable ?? 'N/A'), String(p.spec?.maxUnavailable ?? 'N/A'), String(p.status?.disruptionsAllowed ?? 0), age(p as KubeObject, now)],
  ),
  'coordination.k8s.io/leases': table([NAME, col('Holder'), AGE], (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? '', age(l as KubeObject, now)]),
  'apiextensions.k8s.io/customresourcedefinitions': table(
    [NAME, { name: 'Created At', type: 'date' }],
    (c) => [c.metadata.name, c.metadata.creationTimestamp],
  ),
};

/** What the real server prints for a type without its own printer. */
export const defaultTable: TableConvertor = table([NAME, { name: 'Created At', type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' }], (o) => [
  o.metadata.name,
  o.metadata.creationTimestamp,
]);
