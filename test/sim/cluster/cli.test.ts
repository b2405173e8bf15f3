import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['--import', 'tsx', 'src/cli.ts', 'sim', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('vpsie-autoscaler sim --scenario', () => {
  it('runs a scenario to its end, prints its steps, and writes the VPSie connection files readable by their owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const r = await sim(['--scenario', 'examples/scenarios/burst.yaml', '--time-scale', '1000', '--exit-at-end', '--kubeconfig', join(dir, 'kubeconfig'), '--vpsie-file', join(dir, 'vpsie.json'), '--log-level', 'warn']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[sim \+\S+\] scaled web to 40\n/);
    expect(r.stdout).toMatch(/Simulated VPSie API: https:\/\/127\.0\.0\.1:\d+\/v2/);
    expect(r.stdout).toMatch(/Scenario: burst/);
    const connection = JSON.parse(readFileSync(join(dir, 'vpsie.json'), 'utf8'));
    expect(Object.keys(connection).sort()).toEqual(['caFile', 'clientId', 'clientSecret', 'clusterId', 'datacenterCode', 'datacenterId', 'nodeGroups', 'offeringIds', 'offerings', 'url'].sort());
    expect(connection.caFile).toBe(join(dir, 'vpsie-ca.pem'));
    expect(readFileSync(connection.caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(connection.offeringIds).toContain(104);
    for (const f of ['vpsie.json', 'vpsie-ca.pem', 'kubeconfig']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('exits 1 naming the unmet end condition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const file = join(dir, 'never.yaml');
    writeFileSync(file, 'workloads: [{ name: big, replicas: 1, requests: { cpu: "64" } }]\nend: { after: 1m, when: allRunning }\n');
    const r = await sim(['--scenario', file, '--time-scale', '1000', '--exit-at-end', '--kubeconfig', join(dir, 'kubeconfig'), '--vpsie-file', join(dir, 'vpsie.json'), '--log-level', 'warn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: scenario end condition not met: not met after 1m (waiting for big)\n');
  });

  it('refuses an invalid scenario naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'steps:\n  - { at: 1m, scale: web, replicas: 3 }\n');
    const r = await sim(['--scenario', file, '--kubeconfig', join(dir, 'kubeconfig')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${file}: invalid scenario:\n  steps[0].scale: no workload named "web"\n`);
  });
});
