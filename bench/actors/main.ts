/**
 * 10,000 node actors under one supervisor, built from a simulated cluster's VPSieNodes as a
 * new leader builds them: heap per actor, and utilisation samples routed per second.
 *   node --expose-gc --import tsx bench/actors/main.ts [--nodes 10000] [--runs 3]
 */
import { createController } from './controller.ts';
import { median, printTable } from '../support/table.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const nodes = arg('nodes', 10_000);
const runs = arg('runs', 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const perActor: number[] = [];
const rates: number[] = [];
for (let run = 0; run < runs; run++) {
  const c = await createController(nodes);
  c.supervisor.start();
  // Let every actor settle (restoring Active checks its status once) before measuring.
  await new Promise((r) => setTimeout(r, 2_000));
  // Every actor holds a full sample ring, as after two hours of 60 s samples.
  const samplesPerActor = 120;
  let at = Date.now();
  for (let s = 0; s < samplesPerActor; s++) {
    at += 60_000;
    for (const name of c.names) c.supervisor.sample('kube-system', name, 0.3, 0.4, at);
  }
  const events = nodes * 20;
  const started = performance.now();
  for (let i = 0; i < events; i++) c.supervisor.sample('kube-system', c.names[i % nodes]!, 0.2, 0.3, at + i);
  rates.push(events / ((performance.now() - started) / 1000));
  // The actors' memory is what stopping them gives back.
  gc();
  const withActors = process.memoryUsage().heapUsed;
  c.supervisor.stop();
  gc();
  perActor.push((withActors - process.memoryUsage().heapUsed) / nodes);
  await c.close();
}

const heap = median(perActor);
const rate = median(rates);
printTable(`node actors (${nodes} actors, ${runs} runs, full 120-sample rings)`, [
  { name: 'heap per actor', figure: `${(heap / 1024).toFixed(2)} KB`, target: '<= 10 KB', met: heap <= 10 * 1024 },
  { name: 'events routed through the supervisor', figure: `${Math.round(rate).toLocaleString('en')}/s`, target: '>= 50,000/s', met: rate >= 50_000 },
]);
