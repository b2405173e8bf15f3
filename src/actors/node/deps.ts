import type { V1Node } from '@kubernetes/client-node';
import type { NodeGroup, VPSieNode } from '../../api/v1alpha1.ts';
import type { KubeApi } from '../../infra/kube/api.ts';
import type { EventRecorder } from '../../infra/kube/events.ts';
import type { Logger } from '../../infra/log/logger.ts';
import type { VpsieClient } from '../../infra/vpsie/index.ts';
import type { OfferingCatalogue } from '../shared/offering-catalogue.ts';
import type { VmClaims } from '../shared/vm-claims.ts';
import type { VpsieInventory } from '../shared/vpsie-inventory.ts';
import type { LifecycleMetrics } from './metrics.ts';

/** Read access to the informers' caches; effects read the cluster from here, not by polling the API. */
export interface ClusterView {
  vpsieNode(namespace: string, name: string): VPSieNode | undefined;
  vpsieNodes(): VPSieNode[];
  nodeGroup(namespace: string, name: string): NodeGroup | undefined;
  node(name: string): V1Node | undefined;
  nodes(): V1Node[];
}

export interface LifecycleTimings {
  /** How often effects re-check something they wait for (a VM booting, a Node turning Ready). */
  pollMs: number;
  /** After a restart, how long a recorded provisioning intent waits to discover its VM before asking again. */
  claimGraceMs: number;
  /** Pause between eviction rounds while a PodDisruptionBudget refuses (429). */
  evictionRetryMs: number;
  /** Grace period given to evicted pods; undefined keeps each pod's own. */
  evictionGraceSeconds?: number;
}

/** Offerings that recently failed with a terminal capacity error, shared with the scaling decisions. */
export interface OfferingAvailability {
  markUnavailable(offeringID: string, reason: string): void;
}

/** Everything a node lifecycle effect may touch. */
export interface NodeEffectDeps {
  kube: KubeApi;
  vpsie: VpsieClient;
  /** VPSie's VMs and clusters, shared by every node: polled once for all of them. */
  inventory: VpsieInventory;
  /** VPSie's Kubernetes offerings per datacenter, cached. */
  catalogue: OfferingCatalogue;
  cluster: ClusterView;
  events: EventRecorder;
  offerings: OfferingAvailability;
  /** Serialises claiming VMs per VPSie cluster, so two provisioning nodes never claim the same VM. */
  claims: VmClaims;
  metrics: LifecycleMetrics;
  timings: LifecycleTimings;
  log: Logger;
  now(): Date;
}
