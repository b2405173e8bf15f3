import { describe, expect, it } from 'vitest';
import { QuantityError } from '../../../src/common/quantity.ts';
import { podRequestsOf } from '../../../src/policy/scaling/pod-requests.ts';

const MI = 2 ** 20;
const c = (cpu?: string, memory?: string, restartPolicy?: string) => ({
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

describe('podRequestsOf', () => {
  it('sums the containers', () => {
    expect(podRequestsOf({ containers: [c('250m', '64Mi'), c('1', '1Gi')] })).toEqual({ cpu: 1250, memory: 1088 * MI });
  });

  it('counts a container without requests as zero', () => {
    expect(podRequestsOf({ containers: [{}, c('100m')] })).toEqual({ cpu: 100, memory: 0 });
  });

  it('takes the largest init container when it asks for more than the containers', () => {
    expect(podRequestsOf({ containers: [c('100m', '10Mi')], initContainers: [c('2', '5Mi'), c('500m', '20Mi')] })).toEqual({ cpu: 2000, memory: 20 * MI });
  });

  it('adds sidecars (restartable init containers) to the containers and to every later init container', () => {
    const spec = { containers: [c('100m', '10Mi')], initContainers: [c('200m', '10Mi', 'Always'), c('1', '1Mi')] };
    // Sidecar runs beside the containers: 300m; the second init runs beside the sidecar: 1200m.
    expect(podRequestsOf(spec)).toEqual({ cpu: 1200, memory: 20 * MI });
  });

  it('adds the pod overhead', () => {
    expect(podRequestsOf({ containers: [c('100m', '10Mi')], overhead: { cpu: '50m', memory: '5Mi' } })).toEqual({ cpu: 150, memory: 15 * MI });
  });

  it('lets pod-level requests replace the containers per resource', () => {
    expect(podRequestsOf({ containers: [c('100m', '10Mi')], resources: { requests: { cpu: '2' } } })).toEqual({ cpu: 2000, memory: 10 * MI });
  });

  it('rounds cpu up to whole millicores as the scheduler does', () => {
    expect(podRequestsOf({ containers: [c('0.0001')] }).cpu).toBe(1);
  });

  it('rejects a quantity Kubernetes would not accept', () => {
    expect(() => podRequestsOf({ containers: [c('lots')] })).toThrow(QuantityError);
  });

  it('gives an empty spec zero requests', () => {
    expect(podRequestsOf({})).toEqual({ cpu: 0, memory: 0 });
  });
});
