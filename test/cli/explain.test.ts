import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { startDebugServer } from '../../src/app/ops-endpoints.ts';
import type { OpsServer } from '../../src/infra/http/ops-server.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { findSecrets } from '../support/secrets.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;
let debug: OpsServer;

beforeAll(async () => {
  // A slow boot keeps the first pod pending (and its verdict `new-node`) long enough to ask about it.
  h = await startHarness({ living: { bootDelayMs: 600_000, joinDelayMs: 5_000, podStartDelayMs: 1_000, metricsResolutionMs: 5_000 }, timeScale: 40 });
  ops = clusterOps(h);
  // Without the periodic recheck, a pending pod is decided on again only when it or its nodes change.
  ({ controller } = await startTestController(h.kc, { scaling: { scaleUpRecheckSeconds: 3600 } }, () => new Date(h.cluster.clock.now())));
  debug = await startDebugServer(() => controller, { host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(async () => {
  await debug.close();
  await controller.stop();
  await h.close();
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { timeout: 30_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      expect(findSecrets(stdout + stderr)).toEqual([]);
    });
  });
}

const explainUrl = (query: string) => `${debug.url}/debug/explain?${query}`;

async function verdict(query: string, outcome: RegExp): Promise<{ outcome: string; text: string }> {
  return eventually(async () => {
    const res = await fetch(explainUrl(query));
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { outcome: string; text: string };
    return outcome.test(body.outcome) ? body : undefined;
  }, 60_000, 100);
}

/** A bare pod (no controller, so scale-down must keep its node) that uses next to nothing. */
function pod(name: string, cpu: string, nodeSelector?: Record<string, string>) {
  return ops.core.createNamespacedPod({
    namespace: 'default',
    body: {
      metadata: { name, annotations: { 'sim.vpsie.com/usage': '{"cpu":"20m","memory":"32Mi"}' } },
      spec: { ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu, memory: '256Mi' } } }] },
    },
  });
}

describe('vpsie-autoscaler explain', () => {
  it('says which NodeGroup and offering a pod triggered a scale-up of, and why', async () => {
    await ops.createNodeGroup('explain-up', {
      minNodes: 0,
      maxNodes: 3,
      offeringIDs: ['k8s-2-4'],
      labels: { pool: 'explain-up' },
      scaleDownPolicy: { stabilizationWindowSeconds: 300, cooldownSeconds: 60, cpuThreshold: 50, memoryThreshold: 50 },
    });
    await pod('wants-node', '1', { pool: 'explain-up' });
    await verdict('pod=default/wants-node', /^new-node$/);
    const r = await cli(['explain', 'pod', 'default/wants-node', '--debug-url', debug.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^At \S+, pod default\/wants-node triggered a scale-up\.$/m);
    expect(r.stdout).toContain('NodeGroup kube-system/explain-up gets a new k8s-2-4 node');
    expect(r.stdout).toMatch(/^Add to kube-system\/explain-up: 1 × k8s-2-4 for 1 pod/m);
  }, 60_000);

  it('says why each NodeGroup cannot host a pod too big for all of them', async () => {
    await ops.createNodeGroup('explain-small', { minNodes: 0, maxNodes: 3, offeringIDs: ['k8s-1-2', 'k8s-2-4'], labels: { pool: 'explain-small' } });
    await pod('too-big', '12');
    await verdict('pod=default/too-big', /^never$/);
    const r = await cli(['explain', 'pod', 'default/too-big'], { VPSIE_AUTOSCALER_DEBUG_URL: debug.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^At \S+, pod default\/too-big did not trigger a scale-up: no NodeGroup can host it\.$/m);
    expect(r.stdout).toMatch(/kube-system\/explain-up: requests cpu 12 > largest offering k8s-2-4 allocatable cpu [\d.]+/);
    expect(r.stdout).toMatch(/kube-system\/explain-small: requests cpu 12 > largest offering k8s-2-4 allocatable cpu [\d.]+/);
  }, 60_000);

  it('says why an underused node is kept, and --json prints the record as served', async () => {
    const node = (await eventually(async () => (await ops.readyNodes('explain-up'))[0], 60_000, 200)).metadata!.name!;
    await verdict(`node=${node}`, /^blocked: /);
    const r = await cli(['explain', 'node', node, '--debug-url', debug.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^At \\S+, node ${node} was underused but kept \\(NoController\\)\\.$`, 'm'));
    expect(r.stdout).toContain('pod default/wants-node has no controller');
    expect(r.stdout).toMatch(new RegExp(`^Keep ${node} \\(kube-system/explain-up\\): NoController`, 'm'));
    const json = await cli(['explain', 'node', node, '--json', '--debug-url', debug.url]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ subject: node, kind: 'node', outcome: 'blocked: NoController', text: expect.stringContaining(`node ${node} was underused`) });
  }, 90_000);

  it('exits 1 saying so when no decision concerned the pod', async () => {
    const r = await cli(['explain', 'pod', 'default/never-seen', '--debug-url', debug.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('no scaling decision has concerned pod default/never-seen since this controller started; it may have been scheduled without one\n');
  });

  it('exits 2 on a pod not named NAMESPACE/NAME', async () => {
    const r = await cli(['explain', 'pod', 'bad-form', '--debug-url', debug.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected <namespace>\/<name>/);
  });

  it('exits 1 with one line when the debug endpoint cannot be reached, and never prints userinfo', async () => {
    const closed = await startDebugServer(() => controller, { host: '127.0.0.1', port: 0 });
    await closed.close();
    const url = closed.url.replace('http://', 'http://admin:hunter2@');
    const r = await cli(['explain', 'node', 'any', '--debug-url', url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cannot reach the controller's debug endpoint at ${closed.url}: ECONNREFUSED — is it running with --debug-port?\n`);
  });
});

describe('/debug/explain and /debug/decisions', () => {
  it('answers 400 unless exactly one well-formed subject is asked about', async () => {
    for (const query of ['', 'pod=default/a&node=b', 'pod=no-namespace', 'pod=a/b/c', 'node=']) {
      const res = await fetch(explainUrl(query));
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/pod|node/);
    }
  });

  it('answers 404 naming the subject when no decision concerned it', async () => {
    const res = await fetch(explainUrl('node=no-such-node'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^no scale-down decision has concerned node no-such-node since this controller started/) });
  });

  it('answers 503 before the controller has started, and 405 to anything but GET', async () => {
    const idle = await startDebugServer(() => undefined, { host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${idle.url}/debug/explain?pod=default/a`)).status).toBe(503);
      expect((await fetch(`${idle.url}/debug/decisions`)).status).toBe(503);
    } finally {
      await idle.close();
    }
    expect((await fetch(explainUrl('pod=default/a'), { method: 'POST' })).status).toBe(405);
  });

  it('lists the latest rounds in plain words', async () => {
    const res = await fetch(`${debug.url}/debug/decisions`);
    expect(res.status).toBe(200);
    const { rounds } = (await res.json()) as { rounds: Array<{ kind: string; outcome: string; text: string }> };
    // Scale-down runs every second here, so the latest rounds are scale-down ones.
    expect(rounds.length).toBeGreaterThan(0);
    for (const r of rounds) expect(r.text).toMatch(r.kind === 'scale-up' ? /^Scale-up: / : /^Scale-down: \d+ nodes? \(\d+ managed\)/);
    expect(rounds.at(-1)!.outcome).toMatch(/^(ScaleDown|NoScaleDown|TriggeredScaleUp|NotTriggerScaleUp|NoScaleUpNeeded)$/);
  });
});
