import { AppsV1Api, CoreV1Api, PolicyV1Api, type KubeConfig, type V1DaemonSet, type V1Node, type V1Pod, type V1PodDisruptionBudget } from '@kubernetes/client-node';
import { GROUP, NODEGROUPS, VERSION, VPSIENODES, type NodeGroup, type VPSieNode } from '../api/v1alpha1.ts';
import type { ScalingInformers } from '../actors/scaling/deps.ts';
import type { KubeApi } from '../infra/kube/api.ts';
import { Informer } from '../infra/kube/informer.ts';
import type { Logger } from '../infra/log/logger.ts';

/** The controller's caches: the scaling decisions read all of them. */
export type ControllerInformers = ScalingInformers;

/** The caches the controller acts from; they run on every replica so a standby is warm when it takes over. */
export function createInformers(kc: KubeConfig, api: KubeApi, log: Logger, onRestart: (resource: string, reason: string) => void): ControllerInformers {
  const core = kc.makeApiClient(CoreV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const restart = (resource: string) => (reason: string) => onRestart(resource, reason);
  return {
    nodeGroups: new Informer<NodeGroup>(kc, {
      path: `/apis/${GROUP}/${VERSION}/${NODEGROUPS}`,
      list: () => api.listNodeGroups(),
      log: log.child({ informer: NODEGROUPS }),
      onRestart: restart(NODEGROUPS),
    }),
    vpsieNodes: new Informer<VPSieNode>(kc, {
      path: `/apis/${GROUP}/${VERSION}/${VPSIENODES}`,
      list: () => api.listVPSieNodes(),
      log: log.child({ informer: VPSIENODES }),
      onRestart: restart(VPSIENODES),
    }),
    nodes: new Informer<V1Node>(kc, {
      path: '/api/v1/nodes',
      list: () => core.listNode(),
      log: log.child({ informer: 'nodes' }),
      onRestart: restart('nodes'),
    }),
    pods: new Informer<V1Pod>(kc, {
      path: '/api/v1/pods',
      list: () => core.listPodForAllNamespaces(),
      log: log.child({ informer: 'pods' }),
      onRestart: restart('pods'),
    }),
    pdbs: new Informer<V1PodDisruptionBudget>(kc, {
      path: '/apis/policy/v1/poddisruptionbudgets',
      list: () => policy.listPodDisruptionBudgetForAllNamespaces(),
      log: log.child({ informer: 'poddisruptionbudgets' }),
      onRestart: restart('poddisruptionbudgets'),
    }),
    daemonSets: new Informer<V1DaemonSet>(kc, {
      path: '/apis/apps/v1/daemonsets',
      list: () => apps.listDaemonSetForAllNamespaces(),
      log: log.child({ informer: 'daemonsets' }),
      onRestart: restart('daemonsets'),
    }),
  };
}

export function startInformers(informers: ControllerInformers): Promise<void> {
  const all = Object.values(informers) as Array<Informer<{ metadata?: object }>>;
  for (const i of all) i.start();
  return Promise.all(all.map((i) => i.waitForSync())).then(() => undefined);
}

export function stopInformers(informers: ControllerInformers): void {
  for (const i of Object.values(informers) as Array<Informer<{ metadata?: object }>>) i.stop();
}

export function informersSynced(informers: ControllerInformers): boolean {
  return (Object.values(informers) as Array<Informer<{ metadata?: object }>>).every((i) => i.hasSynced);
}
