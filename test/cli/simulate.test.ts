import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cli-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function simulate(args: string[], timeoutMs = 150_000): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulate', '--debug-port', '0', ...args], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

function kubectl(kubeconfig: string, ...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 20_000 }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }));
  });
}

function paths(name: string) {
  return { kubeconfig: join(dir, name, 'kubeconfig'), vpsie: join(dir, name, 'vpsie.json') };
}

describe('vpsie-autoscaler simulate --until-idle --json', () => {
  it('runs the demo to its end and prints what happened: a scale-up for the burst, a scale-down to the minimum, and their cost', async () => {
    const p = paths('demo');
    const r = await simulate(['--until-idle', '--json', '--time-scale', '60', '--kubeconfig', p.kubeconfig, '--vpsie-file', p.vpsie]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      scenario: string;
      outcome: string;
      nodes: { created: number; deleted: number; start: number; peak: number; end: number; withoutVPSieNode: number };
      pods: { scheduled: number; stillPending: number; secondsToSchedule: { p50: number; p95: number; max: number } };
      costPerHour: { start: number; peak: number; end: number };
    };
    expect(summary).toMatchObject({ scenario: 'demo', outcome: 'met' });
    // The group's one node, then what the burst of 28 pods needed, then back to the one.
    expect(summary.nodes.start).toBe(0);
    expect(summary.nodes.peak).toBeGreaterThanOrEqual(2);
    expect(summary.nodes.end).toBe(1);
    expect(summary.nodes.created - summary.nodes.deleted).toBe(1);
    expect(summary.nodes.withoutVPSieNode).toBe(0);
    expect(summary.pods.scheduled).toBeGreaterThanOrEqual(32);
    expect(summary.pods.stillPending).toBe(0);
    expect(summary.pods.secondsToSchedule.max).toBeGreaterThan(0);
    expect(summary.pods.secondsToSchedule.p50).toBeLessThanOrEqual(summary.pods.secondsToSchedule.max);
    expect(summary.costPerHour.start).toBe(0);
    expect(summary.costPerHour.peak).toBeGreaterThan(summary.costPerHour.end);
    expect(summary.costPerHour.end).toBeGreaterThan(0);
    // The story on stderr: the decisions, with their reasons.
    expect(r.stderr).toMatch(/decision scale-up: kube-system\/general \+\d+ k8s-\d+-\d+ for \d+ pending pod\(s\)/);
    expect(r.stderr).toMatch(/decision scale-down: \S+ \(/);
    const secret = (JSON.parse(readFileSync(p.vpsie, 'utf8')) as { clientSecret: string }).clientSecret;
    expect(r.stdout + r.stderr).not.toContain(secret);
  }, 180_000);

  it('exits 2 naming the file for a scenario or NodeGroup it cannot use', async () => {
    const bad = join(dir, 'bad-scenario.yaml');
    writeFileSync(bad, 'steps:\n  - { at: 1m, scale: nobody, replicas: 3 }\n');
    const r = await simulate(['--scenario', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('no workload named "nobody"');

    const notAGroup = join(dir, 'not-a-group.yaml');
    writeFileSync(notAGroup, 'kind: ConfigMap\nmetadata: { name: x }\n');
    const g = await simulate(['--nodegroup', notAGroup]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain(`${notAGroup}: expected a NodeGroup`);
    expect((await simulate(['--time-scale', 'fast'])).code).toBe(2);
  });
});

describe('vpsie-autoscaler simulate', () => {
  it('runs the autoscaler as its own service account under deploy/ RBAC and the webhook, and stops cleanly on Ctrl-C', async () => {
    const p = paths('live');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulate', '--debug-port', '0', '--kubeconfig', p.kubeconfig, '--vpsie-file', p.vpsie], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !out.includes('Press Ctrl-C to stop.'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('the autoscaler runs as system:serviceaccount:kube-system:vpsie-autoscaler');
      const autoscaler = join(dir, 'live', 'autoscaler.kubeconfig');
      expect(statSync(autoscaler).mode & 0o077).toBe(0);
      // Its token may delete nodes and evict pods, but not delete pods or read other Secrets.
      expect((await kubectl(autoscaler, 'auth', 'can-i', 'delete', 'nodes')).stdout.trim()).toBe('yes');
      expect((await kubectl(autoscaler, 'auth', 'can-i', 'delete', 'pods', '-A')).stdout.trim()).toBe('no');
      expect((await kubectl(autoscaler, 'auth', 'can-i', 'get', 'secrets', '-n', 'kube-system')).stdout.trim()).toBe('no');
      const webhooks = await kubectl(p.kubeconfig, 'get', 'validatingwebhookconfiguration', 'vpsie-autoscaler', '-o', 'jsonpath={.webhooks[*].clientConfig.caBundle}');
      expect(webhooks.stdout.split(' ').filter(Boolean).length).toBeGreaterThanOrEqual(3);
      // The webhook guards as deployed: what the schema cannot say (min ≤ max) it refuses, naming the field.
      const inverted = join(dir, 'inverted.yaml');
      writeFileSync(inverted, readFileSync('examples/nodegroup.yaml', 'utf8').replace('name: general', 'name: inverted').replace('minNodes: 1', 'minNodes: 12'));
      const invalid = await kubectl(p.kubeconfig, 'apply', '-f', inverted);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('admission webhook "nodegroups.autoscaler.vpsie.com" denied the request');
      expect(invalid.stderr).toContain('spec.minNodes');
      // The controller took the Lease as that identity.
      const lease = await kubectl(p.kubeconfig, 'get', 'lease', '-n', 'kube-system', 'vpsie-autoscaler', '-o', 'jsonpath={.spec.holderIdentity}');
      expect(lease.stdout).toBe('simulate');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
