/**
 * Throughput of the simulated API server over real HTTPS, with the load generated in a worker
 * thread (its own event loop) so the server's loop is measured, not the client's.
 *   node --import tsx bench/sim-api/main.ts [--runs 3]
 */
import { Worker } from 'node:worker_threads';
import { startSimCluster } from '../../src/sim/cluster.ts';
import { median, printTable } from '../support/table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

/** Runs a load task in a worker; `onReady` runs when the worker says so (watchers open). */
function load(task: object, onReady?: () => Promise<void>): Promise<{ ms: number; count: number }> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader; register it there before importing the TypeScript entry.
    const entry = new URL('./load.ts', import.meta.url).href;
    const worker = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData: task });
    worker.on('message', (m: unknown) => {
      if (m === 'ready') onReady?.().catch(reject);
      else resolve(m as { ms: number; count: number });
    });
    worker.once('error', reject);
  });
}

const pod = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, namespace: 'default', labels: { app: `app-${i % 50}`, tier: 'bench' } },
  spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
});

const creates: number[] = [];
const createsTls: number[] = [];
const lists: number[] = [];
const watches: number[] = [];
for (let run = 0; run < runs; run++) {
  // Creates over plain HTTP measure the server; over HTTPS they also pay for TLS records, which
  // on these two cores (client and server sharing them) costs about a third of the rate.
  const plain = await startSimCluster({ installCrds: false, api: { insecureHttp: true } });
  const createdPlain = await load({ url: plain.api.url, caPem: '', token: plain.api.adminToken, kind: 'create', count: 20_000, connections: 32 });
  creates.push((createdPlain.count / createdPlain.ms) * 1000);
  await plain.close();

  const cluster = await startSimCluster({ installCrds: false, api: { historySize: 200_000 } });
  const base = { url: cluster.api.url, caPem: cluster.api.caPem, token: cluster.api.adminToken };
  const created = await load({ ...base, kind: 'create', count: 20_000, connections: 32 });
  createsTls.push((created.count / created.ms) * 1000);

  const client = cluster.api.client();
  for (let i = 0; i < 10_000; i++) await client.create('/pods', 'default', pod(i));
  const listed = await load({ ...base, kind: 'list', path: '/api/v1/namespaces/default/pods', repeat: 9, expect: 10_000 });
  lists.push(listed.ms);

  // Events come from in-process writes so that the watch fan-out, not HTTP creates, is measured.
  const watched = await load({ ...base, kind: 'watch', watchers: 10, events: 20_000, path: '/api/v1/namespaces/kube-public/configmaps' }, async () => {
    for (let i = 0; i < 20_000; i++) {
      await client.create('/configmaps', 'kube-public', { metadata: { name: `w-${i}` }, data: { i: String(i) } });
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
  });
  watches.push((watched.count / watched.ms) * 1000);
  await cluster.close();
}

const c = median(creates);
const ct = median(createsTls);
const l = median(lists);
const w = median(watches);
printTable(`simulated API server (${runs} runs, 2 cores; load from a worker thread, keep-alive)`, [
  { name: 'creates/s, HTTP (ConfigMaps, 32 connections)', figure: c.toFixed(0), target: '>= 5,000/s', met: c >= 5000 },
  { name: 'creates/s, HTTPS (same)', figure: ct.toFixed(0), target: '>= 5,000/s', met: ct >= 5000, note: 'TLS records; a bare Node HTTPS server peaks near 6,700/s here' },
  { name: 'list of 10,000 pods (JSON, one request)', figure: `${l.toFixed(0)} ms`, target: '<= 250 ms', met: l <= 250 },
  { name: 'watch events/s delivered to 10 watchers', figure: w.toFixed(0), target: '>= 50,000/s', met: w >= 50000 },
]);
