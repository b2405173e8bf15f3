import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cli-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubectl(kubeconfig: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }));
  });
}

describe('vpsie-autoscaler sim', () => {
  it('serves a cluster kubectl can use, then exits 0 on SIGINT', async () => {
    const kubeconfig = join(dir, 'nested', 'kubeconfig');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sim', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !out.includes('Press Ctrl-C to stop.'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`Kubeconfig: ${kubeconfig}`);
      expect(existsSync(kubeconfig)).toBe(true);
      expect(statSync(kubeconfig).mode & 0o077).toBe(0);
      const r = await kubectl(kubeconfig, 'get', 'crd', '-o', 'name');
      expect(r.stdout).toContain('customresourcedefinition.apiextensions.k8s.io/nodegroups.autoscaler.vpsie.com');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('rejects a bad port with a usage error and exit code 2', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sim', '--port', 'eighty'], (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--port <port>' argument 'eighty' is invalid. expected a port number from 0 to 65535");
  });

  it('refuses unknown commands and options', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sim', '--frobnicate'], (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });
});
