import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startHarness, type SimHarness } from '../../support/sim.ts';
import { deployment, eventually, FAST } from './support.ts';

let h: SimHarness;

const manifest = (name: string, replicas: number, cpu: string) => deployment(name, replicas, {}, cpu, '128Mi');

beforeAll(async () => {
  h = await startHarness({ timeScale: 50, living: { ...FAST, nodeGroups: [{ name: 'general', offering: 'k8s-2-4', nodes: 2 }] } });
  const dir = mkdtempSync(join(tmpdir(), 'living-kubectl-'));
  const file = join(dir, 'workloads.yaml');
  writeFileSync(file, [manifest('web', 2, '100m'), manifest('huge', 1, '16')].map((m) => stringify(m)).join('---\n'));
  const applied = await h.kubectl('apply', '-f', file);
  expect(applied.stderr).toBe('');
  const cache = h.cluster.living!.cache;
  await eventually(() => ([...cache.pods.values()].filter((p) => p.status?.phase === 'Running').length === 2 ? true : undefined));
});
afterAll(() => h?.close());

describe('kubectl against the living simulated cluster', () => {
  it('gets the nodes: the control plane and the workers, Ready, with their version and address', async () => {
    const r = await h.kubectl('get', 'nodes', '-o', 'wide');
    expect(r.stderr).toBe('');
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows).toHaveLength(3);
    expect(rows.map((c) => c[1])).toEqual(['Ready', 'Ready', 'Ready']);
    expect(rows.find((c) => c[0] === 'sim-master-1')?.[2]).toBe('control-plane');
    for (const c of rows) {
      expect(c[4]).toBe('v1.32.4');
      expect(c[5]).toMatch(/^10\.20\.\d+\.\d+$/);
    }
  });

  it('gets the pods wide: running ones with their IP and node, the pending one without', async () => {
    const r = await h.kubectl('get', 'pods', '-o', 'wide');
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
    const web = rows.filter((c) => c[0]!.startsWith('web-'));
    expect(web.map((c) => [c[1], c[2]])).toEqual([['1/1', 'Running'], ['1/1', 'Running']]);
    for (const c of web) {
      expect(c[5]).toMatch(/^10\.64\.\d+\.\d+$/);
      expect(c[6]).toMatch(/^sim-general-/);
    }
    const huge = rows.find((c) => c[0]!.startsWith('huge-'))!;
    expect([huge[1], huge[2], huge[5], huge[6]]).toEqual(['0/1', 'Pending', '<none>', '<none>']);
  });

  it('shows the FailedScheduling event in kubectl describe', async () => {
    const pod = (await h.kubectl('get', 'pods', '-l', 'app=huge', '-o', 'name')).stdout.trim();
    const r = await eventually(async () => {
      const d = await h.kubectl('describe', pod);
      return d.stdout.includes('FailedScheduling') ? d : undefined;
    });
    expect(r.stdout).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 Insufficient cpu\./);
  });

  it('shows deployments READY and follows a rollout to its end', async () => {
    const status = await h.kubectl('rollout', 'status', 'deployment/web', '--timeout=20s');
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const r = await h.kubectl('get', 'deployments');
    expect(r.stdout).toMatch(/web\s+2\/2\s+2\s+2/);
    expect(r.stdout).toMatch(/huge\s+0\/1\s+1\s+0/);
  });

  it('shows node usage with kubectl top nodes', async () => {
    const r = await h.kubectl('top', 'nodes');
    expect(r.stderr).toBe('');
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header!.trim().split(/\s{2,}/)).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
  });

  it('shows pod usage with kubectl top pods', async () => {
    const r = await h.kubectl('top', 'pods', '-l', 'app=web');
    expect(r.stderr).toBe('');
    // Half of the 100m cpu request and 60% of the 128Mi memory request, by default.
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).slice(1))).toEqual([['50m', '76Mi'], ['50m', '76Mi']]);
  });
});
