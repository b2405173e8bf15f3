import { describe, expect, it } from 'vitest';
import type { VPSieNode } from '../../src/api/v1alpha1.ts';
import { VmClaims } from '../../src/actors/shared/vm-claims.ts';

function cached(name: string, vmIdentifier?: string): VPSieNode {
  return { metadata: { name, namespace: 'kube-system' }, status: vmIdentifier ? { vpsieNodeIdentifier: vmIdentifier } : {} } as unknown as VPSieNode;
}

describe('VmClaims', () => {
  it('counts a claim the informer cache does not show yet', () => {
    const claims = new VmClaims();
    claims.record('vm-1', 'a');
    expect(claims.claimedExcept([cached('a'), cached('b')], 'b')).toEqual(new Set(['vm-1']));
  });

  it('never counts a node’s own claim against it', () => {
    const claims = new VmClaims();
    claims.record('vm-1', 'a');
    expect(claims.claimedExcept([cached('a', 'vm-1')], 'a')).toEqual(new Set());
    expect(claims.claimedExcept([cached('a')], 'a')).toEqual(new Set());
  });

  it('forgets a recorded claim once the cache shows it, then follows the cache', () => {
    const claims = new VmClaims();
    claims.record('vm-1', 'a');
    expect(claims.claimedExcept([cached('a', 'vm-1')], 'b')).toEqual(new Set(['vm-1']));
    // The node and its VM are gone from the cache: the VM is free again, nothing remembered it.
    expect(claims.claimedExcept([], 'b')).toEqual(new Set());
  });

  it('runs claims of one cluster one at a time, and of different clusters side by side', async () => {
    const claims = new VmClaims();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = claims.run('c1', async () => {
      order.push('c1-first-start');
      await new Promise<void>((r) => (releaseFirst = r));
      order.push('c1-first-end');
    });
    const second = claims.run('c1', async () => void order.push('c1-second'));
    await claims.run('c2', async () => void order.push('c2'));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['c1-first-start', 'c2', 'c1-first-end', 'c1-second']);
  });
});
