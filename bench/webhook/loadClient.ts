/**
 * The load generator, run as a child process so its CPU does not come out of the server's
 * budget. It receives one task over IPC, runs it, and sends back the result.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { RawHttpConnection, encodeRequest } from './rawHttpClient.ts';
import { ADMISSION_MIX } from './reviews.ts';

export type LoadTask =
  /** Closed loop: each connection sends its next request as soon as the last is answered. */
  | { kind: 'throughput'; url: string; caPem: string; connections: number; warmupMs: number; durationMs: number }
  /** Open loop: requests are sent on a fixed schedule whatever the server's pace. */
  | { kind: 'latency'; url: string; caPem: string; connections: number; ratePerSecond: number; warmupMs: number; durationMs: number }
  | { kind: 'oversized'; url: string; caPem: string; requests: number; bodyBytes: number };

export interface LoadFigures {
  requests: number;
  seconds: number;
  latenciesMs: { p50: number; p99: number; max: number };
  statuses: Record<string, number>;
}

export type LoadResult =
  | ({ kind: 'throughput' } & LoadFigures)
  | ({ kind: 'latency'; sendLatenessMs: { p50: number; p99: number } } & LoadFigures)
  | { kind: 'oversized'; statuses: Record<string, number> };

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function count(statuses: Record<string, number>, key: string): void {
  statuses[key] = (statuses[key] ?? 0) + 1;
}

function figures(latencies: number[], statuses: Record<string, number>, durationMs: number): LoadFigures {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds: durationMs / 1000,
    latenciesMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN },
    statuses,
  };
}

async function openConnections(url: string, caPem: string, connections: number): Promise<{ host: string; requests: Buffer[]; connections: RawHttpConnection[] }> {
  const { hostname, port } = new URL(url);
  return {
    host: hostname,
    requests: ADMISSION_MIX.map(({ path, body }) => encodeRequest(hostname, path, body)),
    connections: await Promise.all(Array.from({ length: connections }, () => RawHttpConnection.open(hostname, Number(port), caPem))),
  };
}

async function throughput(task: Extract<LoadTask, { kind: 'throughput' }>): Promise<LoadResult> {
  const { requests, connections } = await openConnections(task.url, task.caPem, task.connections);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const measureFrom = performance.now() + task.warmupMs;
  const stopAt = measureFrom + task.durationMs;
  let next = 0;
  const drive = async (connection: RawHttpConnection): Promise<void> => {
    while (performance.now() < stopAt) {
      const sent = performance.now();
      const status = await connection.send(requests[next++ % requests.length]!);
      const done = performance.now();
      if (sent >= measureFrom && done <= stopAt) {
        latencies.push(done - sent);
        count(statuses, String(status));
      }
    }
    connection.close();
  };
  await Promise.all(connections.map(drive));
  return { kind: 'throughput', ...figures(latencies, statuses, task.durationMs) };
}

const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - performance.now())));

/**
 * Latency is measured from when a request was due, not from when it was sent: a request that
 * waits behind a slow one counts its wait (no coordinated omission). A timer may fire a little
 * before the due time (libuv keeps time in whole milliseconds); such a request is measured from
 * when it was actually sent, so an early send never shortens a latency.
 *
 * Apart, for diagnosis: how late the load generator itself sent requests whose connection was
 * free when they were due. That lateness is counted in the latency (as it must be for an open
 * loop), but it is the load generator's own CPU starvation, not the server's.
 */
async function latency(task: Extract<LoadTask, { kind: 'latency' }>): Promise<LoadResult> {
  const { requests, connections } = await openConnections(task.url, task.caPem, task.connections);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const sendLateness: number[] = [];
  const intervalMs = (1000 * task.connections) / task.ratePerSecond;
  const start = performance.now();
  const measureFrom = start + task.warmupMs;
  const stopAt = measureFrom + task.durationMs;
  let next = 0;
  const drive = async (connection: RawHttpConnection, index: number): Promise<void> => {
    let free = start;
    for (let due = start + (intervalMs * index) / task.connections; due < stopAt; due += intervalMs) {
      await sleepUntil(due);
      const sent = performance.now();
      const status = await connection.send(requests[next++ % requests.length]!);
      const done = performance.now();
      if (due >= measureFrom) {
        latencies.push(done - Math.min(due, sent));
        sendLateness.push(Math.max(0, sent - Math.max(due, free)));
        count(statuses, String(status));
      }
      free = done;
    }
    connection.close();
  };
  await Promise.all(connections.map(drive));
  const lateness = Float64Array.from(sendLateness).sort();
  return { kind: 'latency', ...figures(latencies, statuses, task.durationMs), sendLatenessMs: { p50: percentile(lateness, 0.5), p99: percentile(lateness, 0.99) } };
}

async function oversized(task: Extract<LoadTask, { kind: 'oversized' }>): Promise<LoadResult> {
  const agent = new Agent({ connections: task.requests, connect: { ca: task.caPem } });
  const body = Buffer.alloc(task.bodyBytes, 0x20);
  const statuses: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: task.requests }, async () => {
      try {
        const response = await request(`${task.url}/validate/nodegroups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
        await response.body.dump();
        count(statuses, String(response.statusCode));
      } catch (error) {
        count(statuses, (error as NodeJS.ErrnoException).code ?? 'error');
      }
    }),
  );
  await agent.close();
  return { kind: 'oversized', statuses };
}

process.once('message', (task: LoadTask) => {
  const run = task.kind === 'throughput' ? throughput(task) : task.kind === 'latency' ? latency(task) : oversized(task);
  run.then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
