// Per-request overhead of the VPSie client (auth, retry, circuit breaker, rate limit, metrics,
// zod parsing) against raw undici `request` on the same simulated endpoint, 100 requests in
// flight. Run: node --import tsx bench/vpsie-client/main.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { createVpsieClient } from '../../src/infra/vpsie/client.ts';
import { staticCredentials } from '../../src/infra/vpsie/credentials.ts';

const CONCURRENCY = 100;
const REQUESTS_PER_RUN = 4_000;
const RUNS = 11;
const TARGET_RATIO = 1.3;
const BENCH_RATE_LIMIT = 1_000_000_000;

interface SimEndpoint {
  url: string;
  caPem: string | undefined;
  credentials: { clientId: string; clientSecret: string };
  process: ChildProcess;
}

async function startSimProcess(tls: boolean): Promise<SimEndpoint> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./simServer.ts', import.meta.url).pathname, ...(tls ? ['--tls'] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = await new Promise<string[]>((resolve) => createInterface({ input: child.stdout! }).once('line', (first) => resolve([first])));
  return { ...(JSON.parse(line!) as Omit<SimEndpoint, 'process'>), process: child };
}

interface RunFigures {
  requestsPerSecond: number;
  /** CPU time of this (the calling) process per request: the client's own cost, whatever the server does. */
  cpuMicrosPerRequest: number;
}

/** `CONCURRENCY` in flight until `REQUESTS_PER_RUN` are done. */
async function run(call: () => Promise<unknown>): Promise<RunFigures> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < REQUESTS_PER_RUN) {
      started += 1;
      await call();
    }
  };
  const cpu = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - begin;
  const used = process.cpuUsage(cpu);
  return { requestsPerSecond: REQUESTS_PER_RUN / (elapsed / 1000), cpuMicrosPerRequest: (used.user + used.system) / REQUESTS_PER_RUN };
}

function abortForTimeout(controller: AbortController): void {
  controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function medians(runs: RunFigures[]): RunFigures {
  return { requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)), cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)) };
}

async function measure(tls: boolean): Promise<{ raw: RunFigures; client: RunFigures; ratio: number }> {
  const sim = await startSimProcess(tls);
  try {
    const agent = new Agent({ connect: sim.caPem ? { ca: sim.caPem } : {} });
    const login = await request(`${sim.url}/auth/from/api`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(sim.credentials).toString(),
    });
    const token = ((await login.body.json()) as { accessToken: { token: string } }).accessToken.token;
    const headers = { accept: 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'bench' };
    // The same per-request deadline as the client's transport (a timer cleared when the exchange
    // ends; AbortSignal.timeout() costs more), so that neither side is charged for a different
    // mechanism. Both read and parse the whole body.
    const raw = async (): Promise<unknown> => {
      const controller = new AbortController();
      const timer = setTimeout(abortForTimeout, 30_000, controller);
      try {
        const response = await request(`${sim.url}/datacenters`, { dispatcher: agent, headers, signal: controller.signal });
        return await response.body.json();
      } finally {
        clearTimeout(timer);
      }
    };

    const client = createVpsieClient({
      baseUrl: sim.url,
      caPem: sim.caPem,
      allowInsecureHttp: !tls,
      credentials: staticCredentials(sim.credentials),
      registry: new Registry(),
      rateLimit: { requestsPerMinute: BENCH_RATE_LIMIT, burst: BENCH_RATE_LIMIT },
    });
    const viaClient = (): Promise<unknown> => client.listDatacenters();

    // Warm-up: connections, JIT, the client's login.
    await run(raw);
    await run(viaClient);
    const rawRuns: RunFigures[] = [];
    const clientRuns: RunFigures[] = [];
    const ratios: number[] = [];
    // Paired rounds, the order alternating, so that load drifting on a shared machine hits both alike.
    for (let round = 0; round < RUNS; round += 1) {
      const [rawRun, clientRun] = round % 2 === 0 ? [await run(raw), await run(viaClient)] : [...[await run(viaClient), await run(raw)].reverse()];
      rawRuns.push(rawRun!);
      clientRuns.push(clientRun!);
      ratios.push(rawRun!.requestsPerSecond / clientRun!.requestsPerSecond);
    }
    await client.close();
    await agent.close();
    return { raw: medians(rawRuns), client: medians(clientRuns), ratio: median(ratios) };
  } finally {
    sim.process.stdin!.end();
  }
}

const rows: string[][] = [];
for (const tls of [false, true]) {
  const { raw, client, ratio } = await measure(tls);
  rows.push([
    tls ? 'HTTPS' : 'HTTP',
    raw.requestsPerSecond.toFixed(0),
    client.requestsPerSecond.toFixed(0),
    `${ratio.toFixed(2)}x`,
    `<= ${TARGET_RATIO}x`,
    ratio <= TARGET_RATIO ? 'ok' : 'MISSED',
    raw.cpuMicrosPerRequest.toFixed(0),
    client.cpuMicrosPerRequest.toFixed(0),
  ]);
}

console.log(`VPSie client overhead: GET /datacenters against the simulated cloud (separate process), ${CONCURRENCY} in flight,`);
console.log(`${REQUESTS_PER_RUN} requests per run, medians of ${RUNS} paired runs after a warm-up (ratio: median of the per-pair ratios).`);
console.log(`The client's rate limit is raised to ${BENCH_RATE_LIMIT.toExponential(0)}/min for the bench (default 100/min); metrics on, no logger.`);
console.log('CPU columns: CPU time of the calling process per request (the server runs in another process).');
const table = [['transport', 'raw undici req/s', 'client req/s', 'ratio (raw/client)', 'target', '', 'raw CPU µs/req', 'client CPU µs/req'], ...rows];
const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
