import type { V1DaemonSet } from '@kubernetes/client-node';
import type { NodeGroup } from '../../api/v1alpha1.ts';
import type { K8sOffering } from '../../infra/vpsie/index.ts';
import { allocatableOf, pendingPodFromKube, podRequestsOf, templateLabels, type NodeTemplate, type Resources } from '../../policy/scaling/index.ts';
import { placementFailure } from '../../policy/scaling/predicates.ts';

/** The requests of the DaemonSet pods that would run on a node with these labels and taints. */
export function daemonSetOverhead(daemonSets: readonly V1DaemonSet[], labels: Record<string, string>, taints: NodeGroup['spec']['taints']): Resources {
  const total: Resources = { cpu: 0, memory: 0, pods: 0 };
  for (const ds of daemonSets) {
    const template = ds.spec?.template;
    if (!template?.spec) continue;
    const pod = pendingPodFromKube({ metadata: { name: ds.metadata?.name, namespace: ds.metadata?.namespace }, spec: template.spec as never });
    if (placementFailure(pod, labels, taints ?? []) !== undefined) continue;
    const requests = podRequestsOf(template.spec as never);
    total.cpu += requests.cpu;
    total.memory += requests.memory;
    total.pods += 1;
  }
  return total;
}

/**
 * How a new node of each of the group's offerings would come up: allocatable after the system
 * reserve, its labels, its price, and the DaemonSet pods it would carry. Offerings VPSie does not
 * list for the datacenter are left out (the planner then says the group has none usable).
 */
export function nodeTemplates(group: NodeGroup, offerings: ReadonlyMap<string, K8sOffering>, daemonSets: readonly V1DaemonSet[]): NodeTemplate[] {
  const templates: NodeTemplate[] = [];
  for (const offeringID of group.spec.offeringIDs) {
    const offering = offerings.get(offeringID);
    if (!offering) continue;
    const labels = templateLabels(group.metadata.name, group.spec.labels, offeringID);
    templates.push({
      offeringID,
      hourlyPrice: offering.priceHourly,
      allocatable: allocatableOf({ cpu: offering.cpu, memoryMB: offering.ramMb }),
      labels,
      daemonSetOverhead: daemonSetOverhead(daemonSets, labels, group.spec.taints),
    });
  }
  return templates;
}
