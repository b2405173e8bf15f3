import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApi } from '../../../src/infra/kube/api.ts';
import { LeaderElector } from '../../../src/infra/kube/leader-election.ts';
import { captureLogger } from '../../support/log.ts';
import { eventually, startHarness, type SimHarness } from '../../support/sim.ts';

let h: SimHarness;
let api: KubeApi;

beforeAll(async () => {
  h = await startHarness({ installCrds: false });
  api = new KubeApi(h.kc);
});
afterAll(async () => {
  await h.close();
});

function candidate(identity: string, lease: string, log = captureLogger().log) {
  const state = { leading: false, startedAt: 0, stoppedAt: 0 };
  const elector = new LeaderElector(api, {
    namespace: 'kube-system',
    name: lease,
    identity,
    leaseDurationMs: 1000,
    renewDeadlineMs: 700,
    retryPeriodMs: 100,
    log,
    onStartedLeading: () => Object.assign(state, { leading: true, startedAt: Date.now() }),
    onStoppedLeading: () => Object.assign(state, { leading: false, stoppedAt: Date.now() }),
  });
  return { elector, state };
}

describe('leader election', () => {
  it('stopped while its first round is in flight: never starts leading, and releases what that round took', async () => {
    let started = 0;
    const counting = new LeaderElector(api, {
      namespace: 'kube-system',
      name: 'stopped-mid-round',
      identity: 'a',
      leaseDurationMs: 30_000,
      retryPeriodMs: 100,
      log: captureLogger().log,
      onStartedLeading: () => void started++,
      onStoppedLeading: () => undefined,
    });
    counting.start();
    await counting.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toBe(0);
    const lease = await api.getLease('kube-system', 'stopped-mid-round');
    expect(lease?.spec?.holderIdentity ?? '').toBe('');
  });

  it('lets exactly one of two candidates lead', async () => {
    const a = candidate('a', 'one-leader');
    const b = candidate('b', 'one-leader');
    a.elector.start();
    b.elector.start();
    try {
      await eventually(() => (a.state.leading || b.state.leading ? true : undefined));
      await new Promise((r) => setTimeout(r, 500));
      expect([a.state.leading, b.state.leading].filter(Boolean)).toHaveLength(1);
      const lease = await api.getLease('kube-system', 'one-leader');
      expect(lease?.spec?.holderIdentity).toBe(a.state.leading ? 'a' : 'b');
    } finally {
      await a.elector.stop();
      await b.elector.stop();
    }
  });

  it('hands over at once when the leader stops and releases the lease', async () => {
    const a = candidate('a', 'release');
    a.elector.start();
    await eventually(() => (a.state.leading ? true : undefined));
    const b = candidate('b', 'release');
    b.elector.start();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(b.state.leading).toBe(false);
      const stoppedAt = Date.now();
      await a.elector.stop();
      await eventually(() => (b.state.leading ? true : undefined));
      expect(b.state.startedAt - stoppedAt).toBeLessThan(1000);
      const lease = await api.getLease('kube-system', 'release');
      expect(lease?.spec?.leaseTransitions).toBe(1);
    } finally {
      await b.elector.stop();
    }
  });

  it('takes over after the lease duration when the leader vanishes without releasing', async () => {
    const a = candidate('a', 'crash');
    a.elector.start();
    await eventually(() => (a.state.leading ? true : undefined));
    const b = candidate('b', 'crash');
    b.elector.start();
    try {
      const vanishedAt = Date.now();
      await a.elector.stop({ release: false });
      await new Promise((r) => setTimeout(r, 500));
      expect(b.state.leading).toBe(false);
      await eventually(() => (b.state.leading ? true : undefined), 5000);
      const waited = b.state.startedAt - vanishedAt;
      expect(waited).toBeGreaterThanOrEqual(1000);
      expect(waited).toBeLessThan(2500);
    } finally {
      await b.elector.stop();
    }
  });

  it('stops leading when it cannot renew within the renew deadline', async () => {
    const a = candidate('a', 'partition');
    a.elector.start();
    await eventually(() => (a.state.leading ? true : undefined));
    const token = h.cluster.api.adminToken;
    const user = h.cluster.api.authenticator.authenticate(`Bearer ${token}`)!;
    h.cluster.api.authenticator.revoke(token);
    try {
      await eventually(() => (!a.state.leading ? true : undefined), 3000);
    } finally {
      h.cluster.api.authenticator.add(token, user);
      await a.elector.stop();
    }
  });
});
