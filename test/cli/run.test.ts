import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from '../support/sim.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
let h: SimHarness;

beforeAll(async () => {
  h = await startHarness({ living: true, timeScale: 20 });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'run', ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('vpsie-autoscaler run: configuration', () => {
  it('exits 2 naming the setting and its expected form for a bad flag value', async () => {
    const r = await run(['--lifecycle-drain-timeout-seconds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lifecycle.drainTimeoutSeconds (--lifecycle-drain-timeout-seconds, VPSIE_AUTOSCALER_LIFECYCLE_DRAIN_TIMEOUT_SECONDS)');
    expect(r.stderr).toContain('>=1');
  });

  it('exits 2 for a bad environment variable', async () => {
    const r = await run([], { VPSIE_AUTOSCALER_METRICS_PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VPSIE_AUTOSCALER_METRICS_PORT: expected a whole number, got "eighty"');
  });

  it('exits 2 for an unknown flag', async () => {
    const r = await run(['--drain-timeout', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--drain-timeout'");
  });

  it('exits 2 for a missing or invalid config file, and for unknown keys in it', async () => {
    expect((await run(['--config', join(dir, 'absent.yaml')])).stderr).toContain('not found');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'lifecycle:\n  drainTimeoutSecs: 30\n');
    const r = await run(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unrecognized key: "drainTimeoutSecs"');
  });
});

describe('vpsie-autoscaler run: against a cluster', () => {
  it('serves health, readiness, metrics and /debug/actors, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--kubeconfig', h.kubeconfigPath, '--metrics-port', '0', '--debug-port', '0', '--leader-elect-enabled', 'false', '--log-level', 'info'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let urls: { metrics?: string; debug?: string } = {};
      for (let i = 0; i < 200 && !out.includes('supervisor started'); i++) await new Promise((r) => setTimeout(r, 50));
      const line = out.split('\n').find((l) => l.includes('serving health and metrics'));
      urls = JSON.parse(line!) as typeof urls;
      const ready = await request(`${urls.metrics}/readyz`);
      expect(ready.statusCode).toBe(200);
      expect(await ready.body.json()).toMatchObject({ informersSynced: true, role: 'leader', vpsie: 'closed' });
      expect((await request(`${urls.metrics}/healthz`)).statusCode).toBe(200);
      const metrics = await (await request(`${urls.metrics}/metrics`)).body.text();
      expect(metrics).toContain('vpsie_autoscaler_process_cpu_seconds_total');
      const debug = (await (await request(`${urls.debug}/debug/actors`)).body.json()) as { running: boolean; nodes: unknown[]; nodeGroups: unknown[] };
      expect(debug).toMatchObject({ running: true, nodes: [], nodeGroups: [] });
      expect(out).not.toContain(h.cluster.living!.connection().clientSecret);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
