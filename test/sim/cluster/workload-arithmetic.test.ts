import { describe, expect, it } from 'vitest';
import { rollingStep } from '../../../src/sim/cluster/controllers/deployment-rollout.ts';
import { deletionOrder } from '../../../src/sim/cluster/controllers/replicaset-controller.ts';
import { resolveIntOrPercent, templateHash } from '../../../src/sim/cluster/controllers/pod-template.ts';
import { daemonTolerations, shouldRun, targetNode } from '../../../src/sim/cluster/controllers/daemonset-controller.ts';
import type { Node, Pod, Taint } from '../../../src/sim/cluster/kube-shapes.ts';

describe('a rolling update step', () => {
  const limits = { maxSurge: 3, maxUnavailable: 2 };
  it('scales a lone ReplicaSet straight to the new replica count', () => {
    expect(rollingStep(200, { maxSurge: 50, maxUnavailable: 50 }, { name: 'new', replicas: 10, available: 10 }, []).newReplicas).toBe(200);
    expect(rollingStep(4, limits, { name: 'new', replicas: 10, available: 10 }, []).newReplicas).toBe(4);
  });

  it('surges the new set by maxSurge and keeps the old one while nothing new is available', () => {
    const step = rollingStep(10, limits, { name: 'new', replicas: 0, available: 0 }, [{ name: 'old', replicas: 10, available: 10 }]);
    expect(step.newReplicas).toBe(3);
    // 13 pods, 8 must stay available, 3 new ones are not yet: 2 old ones can go.
    expect(step.oldReplicas.get('old')).toBe(8);
  });

  it('removes unavailable old replicas first', () => {
    const step = rollingStep(10, limits, { name: 'new', replicas: 3, available: 3 }, [{ name: 'old', replicas: 10, available: 6 }]);
    expect(step.oldReplicas.get('old')).toBe(5);
  });

  it('finishes by scaling the old sets to zero', () => {
    const step = rollingStep(10, limits, { name: 'new', replicas: 10, available: 10 }, [{ name: 'old', replicas: 2, available: 2 }]);
    expect(step.oldReplicas.get('old')).toBe(0);
  });

  it('resolves percentages: surge rounds up, unavailability down', () => {
    expect(resolveIntOrPercent('25%', 10, true, 0)).toBe(3);
    expect(resolveIntOrPercent('25%', 10, false, 0)).toBe(2);
    expect(resolveIntOrPercent(undefined, 4, true, '25%')).toBe(1);
    expect(resolveIntOrPercent(5, 10, false, 0)).toBe(5);
  });
});

describe('which pods a scale-down removes first', () => {
  const pod = (name: string, created: string, extra: Partial<Pod['spec']> = {}, phase = 'Running', ready = true): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, creationTimestamp: created },
    spec: { containers: [], nodeName: 'n1', ...extra },
    status: { phase: phase as 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: created }] },
  });

  it('unscheduled, then pending, then not ready, then the newest', () => {
    const pods = [
      pod('old-ready', '2026-01-01T00:00:00Z'),
      pod('new-ready', '2026-01-01T00:05:00Z'),
      pod('not-ready', '2026-01-01T00:00:00Z', {}, 'Running', false),
      pod('pending', '2026-01-01T00:00:00Z', {}, 'Pending', false),
      pod('unscheduled', '2026-01-01T00:00:00Z', { nodeName: undefined }, 'Pending', false),
    ];
    expect([...pods].sort(deletionOrder).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready']);
  });
});

describe('pod-template-hash', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  it('is stable, in the safe alphabet, and changes with the template', () => {
    const hash = templateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(templateHash(structuredClone(template))).toBe(hash);
    expect(templateHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } })).not.toBe(hash);
  });
});

describe('where a daemon pod belongs', () => {
  const node = (labels: Record<string, string>, taints: Taint[] = []): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels }, spec: { taints } });

  it('runs where the node selector matches and no taint stops it', () => {
    expect(shouldRun({ containers: [], nodeSelector: { disk: 'ssd' } }, node({ disk: 'ssd' }))).toEqual({ run: true, keep: true });
    expect(shouldRun({ containers: [], nodeSelector: { disk: 'ssd' } }, node({ disk: 'hdd' }))).toEqual({ run: false, keep: false });
  });

  it('tolerates a cordon and unreachability, but not a foreign NoSchedule taint (where running pods stay)', () => {
    expect(shouldRun({ containers: [] }, node({}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]))).toEqual({ run: true, keep: true });
    expect(shouldRun({ containers: [] }, node({}, [{ key: 'dedicated', effect: 'NoSchedule' }]))).toEqual({ run: false, keep: true });
    expect(shouldRun({ containers: [] }, node({}, [{ key: 'dedicated', effect: 'NoExecute' }]))).toEqual({ run: false, keep: false });
  });

  it('adds the daemon tolerations without duplicating the pod\'s own', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    const t = daemonTolerations({ containers: [], tolerations: [own] });
    expect(t.filter((x) => x.key === 'node.kubernetes.io/not-ready')).toEqual([own]);
    expect(t.map((x) => x.key)).toContain('node.kubernetes.io/unschedulable');
    expect(t.map((x) => x.key)).not.toContain('node.kubernetes.io/network-unavailable');
    expect(daemonTolerations({ containers: [], hostNetwork: true }).map((x) => x.key)).toContain('node.kubernetes.io/network-unavailable');
  });

  it('reads the target node from the matchFields term', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] } } } } } as Pod;
    expect(targetNode(pod)).toBe('n7');
  });
});
