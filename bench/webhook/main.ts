/**
 * Admission webhook benchmark: reviews/s and p99 latency at 64 keep-alive connections (closed loop), p99 latency
 * at 5,000 reviews/s offered over the same 64 connections (open loop), then 1,000 concurrent
 * 1 MiB bodies (all must get 413) and the server's resident memory growth, with the server's
 * default settings (64 connections served at once; the rest wait unread). Server and load each
 * run in a child process of their own, fresh for every run: the load generator's CPU is not the
 * server's, and one run's heap does not carry into the next.
 *   node --import tsx bench/webhook/main.ts [--runs 3] [--seconds 10]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import type { LoadResult, LoadTask } from './loadClient.ts';
import type { ServerCommand, ServerReport } from './serverProcess.ts';

const option = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const runs = option('--runs', 3);
const seconds = option('--seconds', 10);
const MiB = 1024 * 1024;

function child(script: string): ChildProcess {
  // The server may collect garbage before the memory baseline is taken.
  return fork(new URL(script, import.meta.url), { execArgv: ['--import', 'tsx', '--expose-gc'] });
}

async function next<K extends ServerReport['kind']>(server: ChildProcess, kind: K): Promise<Extract<ServerReport, { kind: K }>> {
  for (;;) {
    const [report] = (await once(server, 'message')) as [ServerReport];
    if (report.kind === kind) return report as Extract<ServerReport, { kind: K }>;
  }
}

function command(server: ChildProcess, what: ServerCommand): void {
  server.send(what);
}

async function runLoad<K extends LoadResult['kind']>(task: LoadTask & { kind: K }): Promise<Extract<LoadResult, { kind: K }>> {
  const client = child('./loadClient.ts');
  client.send(task);
  const [[result]] = await Promise.all([once(client, 'message') as Promise<[Extract<LoadResult, { kind: K }>]>, once(client, 'exit')]);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface RunFigures {
  reviewsPerSecond: number;
  saturatedP99Ms: number;
  p50Ms: number;
  p99Ms: number;
  sendLatenessP99Ms: number;
  non200: number;
  oversizedAll413: boolean;
  oversizedStatuses: Record<string, number>;
  rssGrowthMiB: number;
  connectionsOnlyRssGrowthMiB: number;
}

async function runOnce(): Promise<RunFigures> {
  const server = child('./serverProcess.ts');
  const { url, caPem } = await next(server, 'listening');
  const duration = { warmupMs: 2_000, durationMs: seconds * 1_000 };
  const load = await runLoad({ kind: 'throughput', url, caPem, connections: 64, ...duration });
  const paced = await runLoad({ kind: 'latency', url, caPem, connections: 64, ratePerSecond: 5_000, ...duration });
  const non200 = [load, paced].flatMap((result) => Object.entries(result.statuses)).reduce((sum, [status, n]) => sum + (status === '200' ? 0 : n), 0);

  command(server, 'start-rss-sampling');
  const flood = await runLoad({ kind: 'oversized', url, caPem, requests: 1_000, bodyBytes: MiB });
  command(server, 'stop-rss-sampling');
  const { bytes } = await next(server, 'rss-growth');
  command(server, 'close');
  await next(server, 'closed');
  const connectionsOnly = await connectionsOnlyRssGrowth();
  return {
    reviewsPerSecond: load.requests / load.seconds,
    saturatedP99Ms: load.latenciesMs.p99,
    p50Ms: paced.latenciesMs.p50,
    p99Ms: paced.latenciesMs.p99,
    sendLatenessP99Ms: paced.sendLatenessMs.p99,
    non200,
    oversizedAll413: flood.statuses['413'] === 1_000,
    oversizedStatuses: flood.statuses,
    rssGrowthMiB: bytes / MiB,
    connectionsOnlyRssGrowthMiB: connectionsOnly / MiB,
  };
}

/** The same 1,000 concurrent connections with 10-byte bodies, on a fresh server: the cost of the connections alone. */
async function connectionsOnlyRssGrowth(): Promise<number> {
  const server = child('./serverProcess.ts');
  const { url, caPem } = await next(server, 'listening');
  command(server, 'start-rss-sampling');
  await runLoad({ kind: 'oversized', url, caPem, requests: 1_000, bodyBytes: 10 });
  command(server, 'stop-rss-sampling');
  const { bytes } = await next(server, 'rss-growth');
  command(server, 'close');
  await next(server, 'closed');
  return bytes;
}

const results: RunFigures[] = [];
for (let run = 1; run <= runs; run++) {
  const figures = await runOnce();
  results.push(figures);
  console.log(
    `run ${run}: ${figures.reviewsPerSecond.toFixed(0)} reviews/s (p99 ${figures.saturatedP99Ms.toFixed(1)} ms saturated); ` +
      `at 5,000/s p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms (load generator late by p99 ${figures.sendLatenessP99Ms.toFixed(2)} ms); ` +
      `non-200 ${figures.non200}; 1 MiB flood ${JSON.stringify(figures.oversizedStatuses)}, RSS +${figures.rssGrowthMiB.toFixed(1)} MiB ` +
      `(connections alone +${figures.connectionsOnlyRssGrowthMiB.toFixed(1)} MiB); ` +
      `load average ${loadavg()[0]!.toFixed(2)}`,
  );
}

const throughputMedian = median(results.map((r) => r.reviewsPerSecond));
const p99Median = median(results.map((r) => r.p99Ms));
const saturatedP99Median = median(results.map((r) => r.saturatedP99Ms));
const sendLatenessMedian = median(results.map((r) => r.sendLatenessP99Ms));
const rssMedian = median(results.map((r) => r.rssGrowthMiB));
const connectionsOnlyMedian = median(results.map((r) => r.connectionsOnlyRssGrowthMiB));
const all413 = results.every((r) => r.oversizedAll413);
const allOk = results.every((r) => r.non200 === 0);

const rows: Array<[string, string, string, string]> = [
  ['admission reviews/s, 64 keep-alive connections, closed loop', throughputMedian.toFixed(0), '>= 5,000/s', throughputMedian >= 5_000 ? 'yes' : 'NO'],
  ['p99 latency at 5,000 reviews/s offered over 64 connections', `${p99Median.toFixed(2)} ms`, '<= 10 ms', p99Median <= 10 ? 'yes' : 'NO'],
  // The issue states the latency target 'at 64 concurrent connections'; read literally that is
  // the closed loop above, where every connection always has a request outstanding, so latency
  // there is mostly queueing (64 / throughput by Little's law). Both readings are shown against
  // the target; neither replaces the other.
  ['p99 latency, 64 keep-alive connections, closed loop (literal reading)', `${saturatedP99Median.toFixed(2)} ms`, '<= 10 ms', saturatedP99Median <= 10 ? 'yes' : 'NO'],
  // Counted in the paced p99 (an open loop must count it), but it is the load generator's own
  // CPU starvation: on a busy machine a high figure here means the p99 above is not the server's.
  ['  load generator late sending at 5,000/s, p99 (diagnostic)', `${sendLatenessMedian.toFixed(2)} ms`, '-', '-'],
  ['reviews answered 200', allOk ? 'all' : 'NOT all', 'all', allOk ? 'yes' : 'NO'],
  ['1,000 concurrent 1 MiB bodies answered 413', all413 ? '1000/1000' : 'NOT all', '1000/1000', all413 ? 'yes' : 'NO'],
  ['server RSS growth during the 1 MiB flood', `${rssMedian.toFixed(1)} MiB`, '<= 64 MiB', rssMedian <= 64 ? 'yes' : 'NO'],
  ['  of which the 1,000 connections alone (10-byte bodies)', `${connectionsOnlyMedian.toFixed(1)} MiB`, '-', '-'],
];
const header = ['figure', `median of ${runs}`, 'target', 'met'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const format = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(`\nadmission webhook (${runs} runs of ${seconds} s; server and load in separate child processes, HTTPS)\n`);
console.log(format(header));
console.log(format(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(format(row));
