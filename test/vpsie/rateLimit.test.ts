import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/infra/vpsie/rateLimit.ts';
import { VpsieClientClosedError } from '../../src/infra/vpsie/errors.ts';
import { clientFor, failureOf, startSim } from './support/fixtures.ts';

describe('VPSie client rate limit', () => {
  it('spaces requests once the burst is spent', async () => {
    const sim = await startSim();
    // 1200/min is one request per 50 ms.
    const { client } = clientFor(sim, { rateLimit: { requestsPerMinute: 1200, burst: 1 } });

    await Promise.all(Array.from({ length: 6 }, () => client.listDatacenters()));

    const arrivals = sim.requests.all('datacenters').map((r) => r.receivedAt);
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    expect(arrivals).toHaveLength(6);
    // Lower bounds only (a slow machine spaces them further, never closer), less the jitter of
    // the way from the limiter to the server.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(5 * 50 - 15);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(35);
  });

  it('lets a burst through at once', async () => {
    const bucket = new TokenBucket({ requestsPerMinute: 60, burst: 5 });
    const granted: number[] = [];

    await Promise.all(Array.from({ length: 5 }, (_, i) => bucket.take().then(() => granted.push(i))));
    bucket.close();

    expect(granted).toEqual([0, 1, 2, 3, 4]);
  });

  it('serves waiting callers in arrival order', async () => {
    const bucket = new TokenBucket({ requestsPerMinute: 6000, burst: 1 });
    const order: number[] = [];

    await Promise.all(Array.from({ length: 8 }, (_, i) => bucket.take().then(() => order.push(i))));

    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refills one request per 600 ms by default (100 a minute)', async () => {
    let now = 0;
    const bucket = new TokenBucket({ now: () => now, burst: 1 });
    await bucket.take();

    now = 600;
    const onTime = await grantedAtOnce(bucket.take());
    now = 600 + 599;
    const early = await grantedAtOnce(bucket.take());
    bucket.close();

    expect([onTime, early]).toEqual([true, false]);
  });

  it('fails waiting callers when the client closes', async () => {
    const sim = await startSim();
    // Two tokens: the login and the first call; the second call has to wait a minute.
    const { client } = clientFor(sim, { rateLimit: { requestsPerMinute: 1, burst: 2 } });
    await client.listDatacenters();

    const waiting = failureOf(client.listDatacenters());
    await client.close();

    expect(await waiting).toBeInstanceOf(VpsieClientClosedError);
  });
});

/** Whether the bucket granted the request without waiting for a timer. */
function grantedAtOnce(take: Promise<void>): Promise<boolean> {
  return Promise.race([take.then(() => true, () => false), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}
