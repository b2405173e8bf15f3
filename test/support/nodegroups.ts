import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, PolicyV1Api, setHeaderOptions, type V1Node } from '@kubernetes/client-node';
import { GROUP, VERSION, type NodeGroup, type VPSieNode } from '../../src/api/v1alpha1.ts';
import { eventually, type SimHarness } from './sim.ts';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const NS = 'kube-system';

/** Reads and writes NodeGroups, VPSieNodes and the objects around them, as a user would with kubectl. */
export function clusterOps(h: SimHarness) {
  const core = h.kc.makeApiClient(CoreV1Api);
  const apps = h.kc.makeApiClient(AppsV1Api);
  const policy = h.kc.makeApiClient(PolicyV1Api);
  const custom = h.kc.makeApiClient(CustomObjectsApi);
  const cr = (plural: string) => ({ group: GROUP, version: VERSION, namespace: NS, plural });

  const ops = {
    core,
    apps,
    policy,
    nodeGroupBody(name: string, spec: Record<string, unknown>) {
      const conn = h.cluster.living!.connection();
      return {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'NodeGroup',
        metadata: { name, namespace: NS },
        spec: { minNodes: 0, maxNodes: 5, datacenterID: conn.datacenterCode, resourceIdentifier: conn.clusterId, offeringIDs: ['k8s-2-4'], labels: { workload: name }, ...spec },
      };
    },
    createNodeGroup: (name: string, spec: Record<string, unknown>) => custom.createNamespacedCustomObject({ ...cr('nodegroups'), body: ops.nodeGroupBody(name, spec) }),
    patchNodeGroup: (name: string, spec: Record<string, unknown>) => custom.patchNamespacedCustomObject({ ...cr('nodegroups'), name, body: { spec } }, mergePatch),
    deleteNodeGroup: (name: string) => custom.deleteNamespacedCustomObject({ ...cr('nodegroups'), name }),
    async nodeGroup(name: string): Promise<NodeGroup | undefined> {
      try {
        return (await custom.getNamespacedCustomObject({ ...cr('nodegroups'), name })) as NodeGroup;
      } catch {
        return undefined;
      }
    },
    async vpsieNodes(group: string): Promise<VPSieNode[]> {
      const list = (await custom.listNamespacedCustomObject({ ...cr('vpsienodes'), labelSelector: `autoscaler.vpsie.com/nodegroup=${group}` })) as { items: VPSieNode[] };
      return list.items;
    },
    async allVPSieNodes(): Promise<VPSieNode[]> {
      return ((await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: 'vpsienodes' })) as { items: VPSieNode[] }).items;
    },
    async vpsieNode(name: string): Promise<VPSieNode | undefined> {
      return (await ops.allVPSieNodes()).find((v) => v.metadata.name === name);
    },
    createVPSieNode: (body: object) => custom.createNamespacedCustomObject({ ...cr('vpsienodes'), body }),
    patchVPSieNodeStatus: (name: string, status: object) => custom.patchNamespacedCustomObjectStatus({ ...cr('vpsienodes'), name, body: { status } }, mergePatch),
    deleteVPSieNode: (name: string) => custom.deleteNamespacedCustomObject({ ...cr('vpsienodes'), name }),
    annotateVPSieNode: (name: string, annotations: Record<string, string | null>) => custom.patchNamespacedCustomObject({ ...cr('vpsienodes'), name, body: { metadata: { annotations } } }, mergePatch),
    async nodes(group: string): Promise<V1Node[]> {
      return (await core.listNode({ labelSelector: `autoscaler.vpsie.com/nodegroup=${group}` })).items;
    },
    isReady: (n: V1Node) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    async readyNodes(group: string): Promise<V1Node[]> {
      return (await ops.nodes(group)).filter(ops.isReady);
    },
    /** Waits until the group has exactly `count` Ready nodes and as many VPSieNodes, all Active. */
    async converged(group: string, count: number, ms = 60_000): Promise<VPSieNode[]> {
      let seen = '';
      try {
        return await eventually(async () => {
          const [ready, vns] = await Promise.all([ops.readyNodes(group), ops.vpsieNodes(group)]);
          seen = `ready nodes: ${ready.map((n) => n.metadata?.name).join(', ')}; VPSieNodes: ${vns.map((v) => `${v.metadata.name}=${v.status?.phase}${v.metadata.deletionTimestamp ? '(deleting)' : ''}:${v.status?.reason ?? ''}`).join(', ')}`;
          return ready.length === count && vns.length === count && vns.every((v) => v.status?.phase === 'Active') ? vns : undefined;
        }, ms, 200);
      } catch (error) {
        throw new Error(`group ${group} did not converge to ${count} nodes: last seen ${seen}`, { cause: error });
      }
    },
    /** VMs the simulated VPSie cloud runs for its Kubernetes cluster, control plane excluded. */
    workerVms() {
      const conn = h.cluster.living!.connection();
      return h.cluster.living!.vpsie.cloud.clusterVms(conn.clusterId).filter((v) => v.role !== 'master');
    },
  };
  return ops;
}
