import { describe, expect, it } from 'vitest';
import { fitErrorMessage, histogram } from '../../../src/sim/cluster/scheduler/fit-error.ts';
import { podRequests } from '../../../src/sim/cluster/scheduler/requests.ts';
import { feasibleNodesToFind } from '../../../src/sim/cluster/scheduler/scheduler.ts';
import type { PodSpec } from '../../../src/sim/cluster/kube-shapes.ts';

describe('the FailedScheduling message', () => {
  it('is the v1.32 wording for a mix of resource and taint rejections', () => {
    const message = fitErrorMessage({
      numAllNodes: 5,
      reasons: new Map([
        ['Insufficient cpu', 3],
        ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', 2],
      ]),
      resolvableNodes: 3,
    });
    expect(message).toBe(
      '0/5 nodes are available: 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('sorts the histogram as strings, as kube-scheduler does ("10 …" before "2 …")', () => {
    expect(histogram(new Map([['b', 2], ['a', 10]]))).toBe('10 a, 2 b');
  });

  it('says preemption is not helpful when no node was rejected for resources', () => {
    expect(fitErrorMessage({ numAllNodes: 3, reasons: new Map([["node(s) didn't match Pod's node affinity/selector", 3]]), resolvableNodes: 0 })).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('says the pod may not preempt when its preemptionPolicy is Never', () => {
    expect(fitErrorMessage({ numAllNodes: 1, reasons: new Map([['Insufficient memory', 1]]), resolvableNodes: 1, preemptionPolicy: 'Never' })).toBe(
      '0/1 nodes are available: 1 Insufficient memory. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });

  it('has its own words for a cluster without nodes', () => {
    expect(fitErrorMessage({ numAllNodes: 0, reasons: new Map(), resolvableNodes: 0 })).toBe('no nodes available to schedule pods');
  });
});

describe('effective pod requests', () => {
  const c = (cpu?: string, memory?: string, restartPolicy?: string) => ({ name: 'c', ...(restartPolicy ? { restartPolicy } : {}), resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } });
  it.each<[string, PodSpec, { cpu: number; memory: number }]>([
    ['sums the containers', { containers: [c('100m', '64Mi'), c('250m', '128Mi')] }, { cpu: 350, memory: 192 * 2 ** 20 }],
    ['takes the largest init container when it is more', { containers: [c('100m', '64Mi')], initContainers: [c('500m', '32Mi'), c('200m', '1Gi')] }, { cpu: 500, memory: 2 ** 30 }],
    ['adds sidecar init containers to the containers', { containers: [c('100m')], initContainers: [c('50m', undefined, 'Always')] }, { cpu: 150, memory: 0 }],
    ['counts sidecars started before an init container', { containers: [c('100m')], initContainers: [c('50m', undefined, 'Always'), c('300m')] }, { cpu: 350, memory: 0 }],
    ['adds the pod overhead', { containers: [c('100m', '64Mi')], overhead: { cpu: '10m', memory: '16Mi' } }, { cpu: 110, memory: 80 * 2 ** 20 }],
    ['is zero without requests', { containers: [{ name: 'c' }] }, { cpu: 0, memory: 0 }],
  ])('%s', (_name, spec, expected) => {
    expect(podRequests(spec)).toEqual(expected);
  });

  it('counts 100m and 200Mi for a container without requests when scoring', () => {
    expect(podRequests({ containers: [{ name: 'c' }, c('1')] }, true)).toEqual({ cpu: 1100, memory: 2 * 200 * 2 ** 20 });
  });
});

describe('how many feasible nodes the scheduler looks for', () => {
  it.each([
    [5, 5],
    [99, 99],
    [100, 100],
    [1000, 420],
    [5000, 500],
    [6000, 300],
    [1249, 512],
    [10_000, 500],
  ])('%i nodes → %i', (all, wanted) => {
    expect(feasibleNodesToFind(all)).toBe(wanted);
  });
});
