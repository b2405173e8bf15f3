import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeObject, startGuardedCluster, type GuardedCluster } from './guarded-cluster.ts';

const dir = mkdtempSync(join(tmpdir(), 'vpsie-webhook-cli-'));
let g: GuardedCluster;

beforeAll(async () => {
  g = await startGuardedCluster();
  await g.stopWebhook();
});
afterAll(async () => {
  await g?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A process still running at the timeout (e.g. a server left listening) is killed: code -1.
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { timeout: 30_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

interface RunningWebhook {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** The value of `field` on the first log line whose msg is `msg`. */
  logged(msg: string, field: string): Promise<string>;
}

function startCli(...args: string[]): RunningWebhook {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'webhook', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async logged(msg, field) {
      for (let i = 0; i < 300; i++) {
        const line = out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, string>)
          .find((l) => l.msg === msg);
        if (line) return line[field]!;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no "${msg}" log line; output:\n${out}`);
    },
  };
}

describe('vpsie-autoscaler webhook', () => {
  it('serves the API server with the mounted certificate, counts it in /metrics, and exits 0 on SIGTERM', async () => {
    const run = startCli('--cert', g.certFile, '--key', g.keyFile, '--port', '0', '--host', '127.0.0.1', '--metrics-port', '0', '--metrics-host', '127.0.0.1', '--max-connections', '32');
    try {
      const url = await run.logged('admission webhook listening', 'url');
      expect(await run.logged('admission webhook listening', 'maxConnections')).toBe(32);
      const metricsUrl = await run.logged('serving webhook metrics', 'metrics');
      g.routeWebhookTo(url);
      const created = await g.apply(nodeObject('unmanaged-cli', {}));
      expect(created.stderr).toBe('');
      const r = await g.kubectlAsAutoscaler('delete', 'node', 'unmanaged-cli');
      expect(r.stderr).toContain('admission webhook "node-deletion.autoscaler.vpsie.com" denied the request');
      const health = await request(`${url}/healthz`, { dispatcher: new Agent({ connect: { ca: g.ca.certPem, servername: 'vpsie-autoscaler-webhook.kube-system.svc' } }) });
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      const metrics = await (await request(`${metricsUrl}/metrics`)).body.text();
      expect(metrics).toMatch(/^vpsie_autoscaler_webhook_requests_total\{path="\/validate\/node-deletion",result="denied"\} 1$/m);
      expect(metrics).toContain('vpsie_autoscaler_process_cpu_seconds_total');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"admission webhook stopped"');
  });

  it('exits 2 when --cert or --key is missing', async () => {
    const r = await cli('webhook', '--key', g.keyFile);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: required option '--cert <file>' not specified");
  });

  it('exits 2 on a bad port', async () => {
    const r = await cli('webhook', '--cert', g.certFile, '--key', g.keyFile, '--port', '70000');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--port <port>' argument '70000' is invalid");
  });

  it.each(['0', '-3', '1.5', 'many'])('exits 2 on --max-connections %s', async (value) => {
    const r = await cli('webhook', '--cert', g.certFile, '--key', g.keyFile, '--max-connections', value);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`option '--max-connections <n>' argument '${value}' is invalid. expected a whole number of at least 1`);
  });

  it('exits 2 on an unknown log level', async () => {
    const r = await cli('webhook', '--cert', g.certFile, '--key', g.keyFile, '--log-level', 'loud');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--log-level <level>' argument 'loud' is invalid");
  });

  it('exits 1 with one line when the key does not match the certificate, and leaves no server keeping it alive', async () => {
    const otherKey = join(dir, 'other.key');
    writeFileSync(otherKey, g.ca.issue({ dns: ['elsewhere'] }).keyPem);
    const r = await cli('webhook', '--cert', g.certFile, '--key', otherKey, '--port', '0', '--metrics-port', '0', '--metrics-host', '127.0.0.1');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*key values mismatch/);
  });
});
