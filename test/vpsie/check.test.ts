import { describe, expect, it } from 'vitest';
import { vpsieCheck } from '../../src/infra/vpsie/check.ts';
import { CLIENT_ID, SECRET, SIM_TOKEN_PREFIX, startSim } from './support/fixtures.ts';

async function runCheck(options: Parameters<typeof vpsieCheck>[0]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await vpsieCheck(options, (line) => lines.push(line));
  return { code, lines };
}

function leaks(lines: readonly string[]): boolean {
  const text = lines.join('\n');
  return [SECRET, CLIENT_ID, SIM_TOKEN_PREFIX, encodeURIComponent(SECRET)].some((value) => text.includes(value));
}

describe('vpsie check', () => {
  it('prints datacenters and the K8s offerings of the first available one, and exits 0', async () => {
    const sim = await startSim();

    const { code, lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem });

    expect(code).toBe(0);
    expect(lines[0]).toBe(`VPSie API ${sim.url}: logged in`);
    expect(lines).toContain('K8s offerings in ams1 (10):');
    expect(lines.find((line) => line.includes('k8s-32-64'))).toMatch(/^ {2}110 +k8s-32-64 +32 +65536 +1280 +320\.00 +0\.4384$/);
    expect(leaks(lines)).toBe(false);
  });

  it('aligns the table columns', async () => {
    const sim = await startSim();

    const { lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem });

    const table = lines.slice(lines.indexOf('K8s offerings in ams1 (10):') + 1);
    const nameColumn = table.map((line) => line.indexOf('k8s-') === -1 ? line.indexOf('NAME') : line.indexOf('k8s-'));
    expect(new Set(nameColumn).size).toBe(1);
  });

  it('uses the datacenter it is given', async () => {
    const sim = await startSim();

    const { code, lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem, datacenter: 'fra1' });

    expect(code).toBe(0);
    expect(lines).toContain('K8s offerings in fra1 (10):');
  });

  it('names an unknown datacenter in one line and exits non-zero', async () => {
    const sim = await startSim();

    const { code, lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem, datacenter: 'mars1' });

    expect(code).not.toBe(0);
    expect(lines).toEqual(['VPSie check failed: configuration: datacenter mars1 is not offered (offered: ams1, nyc1, tor1, fra1)']);
  });

  it('prints one TLS line and exits non-zero against a TLS 1.1 endpoint', async () => {
    const sim = await startSim({ faults: { tls: 'tls1.1-only' } });

    const { code, lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem });

    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^VPSie check failed: TLS: .*TLS 1\.2 or newer/);
    expect(leaks(lines)).toBe(false);
  });

  it('prints one auth line and exits non-zero with wrong credentials', async () => {
    const sim = await startSim();

    const { code, lines } = await runCheck({ url: sim.url, credentials: { clientId: CLIENT_ID, clientSecret: `${SECRET}!` }, caPem: sim.caPem });

    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^VPSie check failed: auth: /);
    expect(leaks(lines)).toBe(false);
  });

  it('prints one network line when nothing listens', async () => {
    const { code, lines } = await runCheck({ url: 'http://127.0.0.1:9/v2', credentials: { token: 'Zq9-static' }, allowInsecureHttp: true });

    expect(code).not.toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^VPSie check failed: network: .*ECONNREFUSED/)]);
  });

  it('prints one configuration line for plain http without opting in', async () => {
    const { code, lines } = await runCheck({ url: 'http://127.0.0.1:9/v2', credentials: { token: 'Zq9-static' } });

    expect(code).not.toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^VPSie check failed: configuration: .*plain http is refused/)]);
  });

  it('prints one protocol line when the answer has the wrong shape', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[1].available', value: 'yes' } } } } });

    const { code, lines } = await runCheck({ url: sim.url, credentials: sim.credentials, caPem: sim.caPem });

    expect(code).not.toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^VPSie check failed: protocol: .*data\[1\]\.available: expected boolean/)]);
  });
});
