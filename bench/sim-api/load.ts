import { parentPort, workerData } from 'node:worker_threads';
import { Agent, request } from 'undici';

interface Task {
  url: string;
  caPem: string;
  token: string;
  kind: 'create' | 'list' | 'watch';
  count?: number;
  connections?: number;
  path?: string;
  repeat?: number;
  expect?: number;
  watchers?: number;
  events?: number;
}

const task = workerData as Task;
const dispatcher = new Agent({ connect: { ca: task.caPem }, connections: task.connections ?? 16, pipelining: 1 });
const headers = { authorization: `Bearer ${task.token}`, 'content-type': 'application/json' };

async function creates(): Promise<{ ms: number; count: number }> {
  const count = task.count!;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const res = await request(`${task.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        dispatcher,
        headers,
        body: JSON.stringify({ metadata: { name: `cm-${i}`, labels: { bench: 'create' } }, data: { index: String(i) } }),
      });
      await res.body.dump();
      if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: task.connections ?? 16 }, lane));
  return { ms: performance.now() - started, count };
}

async function lists(): Promise<{ ms: number; count: number }> {
  const times: number[] = [];
  for (let i = 0; i < (task.repeat ?? 5); i++) {
    const started = performance.now();
    const res = await request(`${task.url}${task.path}`, { dispatcher, headers });
    const body = (await res.body.json()) as { items: unknown[] };
    times.push(performance.now() - started);
    if (body.items.length !== task.expect) throw new Error(`listed ${body.items.length}, expected ${task.expect}`);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, count: task.expect! };
}

async function watches(): Promise<{ ms: number; count: number }> {
  const events = task.events!;
  const initial = (await (await request(`${task.url}${task.path}`, { dispatcher, headers })).body.json()) as { metadata: { resourceVersion: string } };
  const rv = initial.metadata.resourceVersion;
  let first = 0;
  const watcher = async () => {
    const res = await request(`${task.url}${task.path}?watch=true&resourceVersion=${rv}`, { dispatcher, headers });
    let seen = 0;
    let buffered = '';
    for await (const chunk of res.body) {
      first ||= performance.now();
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        buffered = buffered.slice(nl + 1);
        seen++;
      }
      if (seen >= events) break;
    }
    res.body.destroy();
  };
  const all = Array.from({ length: task.watchers! }, watcher);
  // The watches are open once their response headers arrived; the main thread then writes.
  await new Promise((r) => setTimeout(r, 300));
  parentPort!.postMessage('ready');
  await Promise.all(all);
  return { ms: performance.now() - first, count: events * task.watchers! };
}

const result = task.kind === 'create' ? await creates() : task.kind === 'list' ? await lists() : await watches();
await dispatcher.close();
parentPort!.postMessage(result);
