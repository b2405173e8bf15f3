import type { KubeObject } from '../../kube/types.ts';
import type { LivingClusterOptions } from '../living-cluster.ts';
import { WORKLOAD_LABEL } from '../usage/usage-model.ts';
import type { UsagePoint } from '../usage/usage-profile.ts';
import type { Scenario, ScenarioWorkload } from './scenario-schema.ts';

type Resources = { cpu?: { text: string }; memory?: { text: string } } | undefined;

function resourceList(r: Resources): Record<string, string> | undefined {
  if (!r || (!r.cpu && !r.memory)) return undefined;
  return { ...(r.cpu ? { cpu: r.cpu.text } : {}), ...(r.memory ? { memory: r.memory.text } : {}) };
}

/** The Deployment or DaemonSet a scenario workload describes, labelled `app` and `sim.vpsie.com/workload`. */
export function workloadObject(w: ScenarioWorkload): KubeObject {
  const labels = { app: w.name, [WORKLOAD_LABEL]: w.name };
  const requests = resourceList(w.requests);
  const limits = resourceList(w.limits);
  const template = {
    metadata: { labels },
    spec: {
      containers: [{ name: 'main', image: w.image, ...(requests || limits ? { resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } } : {}) }],
      ...(w.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
      ...(w.tolerations ? { tolerations: w.tolerations } : {}),
      ...(w.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: w.terminationGracePeriodSeconds } : {}),
    },
  };
  return {
    apiVersion: 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, namespace: w.namespace, labels },
    spec: { ...(w.kind === 'Deployment' ? { replicas: w.replicas ?? 1 } : {}), selector: { matchLabels: { app: w.name } }, template },
  };
}

export function pdbObject(w: ScenarioWorkload): KubeObject | undefined {
  if (!w.pdb) return undefined;
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: w.name, namespace: w.namespace }, spec: { selector: { matchLabels: { app: w.name } }, ...w.pdb } };
}

/** A workload's usage profile with its times made absolute from the scenario's start. */
export function usagePoints(w: ScenarioWorkload, start: number): UsagePoint[] | undefined {
  if (!w.usage) return undefined;
  const points = Array.isArray(w.usage) ? w.usage : [{ at: 0, ...w.usage }];
  return points.map((p) => ({ at: start + p.at, ...(p.cpu ? { cpu: p.cpu.value } : {}), ...(p.memory ? { memory: p.memory.value } : {}) }));
}

/** The living-cluster options a scenario's `cluster` section asks for. */
export function livingOptionsOf(scenario: Scenario): LivingClusterOptions {
  const c = scenario.cluster;
  return {
    ...(c.name ? { clusterName: c.name } : {}),
    ...(c.datacenter !== undefined ? { datacenter: c.datacenter } : {}),
    ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}),
    ...(c.bootDelay !== undefined ? { bootDelayMs: c.bootDelay } : {}),
    ...(c.joinDelay !== undefined ? { joinDelayMs: c.joinDelay } : {}),
    ...(c.podStartDelay !== undefined ? { podStartDelayMs: c.podStartDelay } : {}),
    ...(c.podTermination !== undefined ? { podTerminationMs: c.podTermination } : {}),
    nodeGroups: c.nodeGroups.map((g) => ({ name: g.name, offering: g.offering, nodes: g.nodes })),
  };
}
