import { Agent, request } from 'undici';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../../src/sim/cluster.ts';
import type { LivingCluster, LivingClusterOptions } from '../../../src/sim/cluster/living-cluster.ts';
import type { Node, Pod, Workload } from '../../../src/sim/cluster/kube-shapes.ts';
import { eventually } from '../../support/sim.ts';

export { eventually };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- HTTP response bodies are read as loose JSON
export type JsonBody = any;

/** A core/v1 Event as the simulated components write it. */
export interface CoreEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  involvedObject: { name: string; uid: string };
  source: { component: string };
  reportingComponent: string;
}

export function eventsOf(l: Living, namespace = 'default'): CoreEvent[] {
  return l.cluster.api.store.list('/events', namespace).map((s) => s.object as unknown as CoreEvent);
}

/** Fast delays for tests: seconds of simulated time pass in milliseconds at the time scale used. */
export const FAST: LivingClusterOptions = { bootDelayMs: 30_000, joinDelayMs: 10_000, podStartDelayMs: 2_000, podTerminationMs: 5_000 };

export interface Living {
  cluster: SimCluster;
  living: LivingCluster;
  close(): Promise<void>;
}

export async function startLiving(living: LivingClusterOptions = {}, options: Omit<SimClusterOptions, 'living'> = {}): Promise<Living> {
  const cluster = await startSimCluster({ timeScale: 100, installCrds: false, ...options, living: { ...FAST, ...living } });
  return { cluster, living: cluster.living!, close: () => cluster.close() };
}

export function pods(l: Living, filter: (p: Pod) => boolean = () => true): Pod[] {
  return [...l.living.cache.pods.values()].filter(filter);
}

export function node(l: Living, name: string): Node | undefined {
  return l.living.cache.nodes.get(name);
}

export function workerNodes(l: Living): Node[] {
  return [...l.living.cache.nodes.values()].filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === undefined);
}

export function isReady(n: Node | undefined): boolean {
  return n?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready');
}

export function deployment(name: string, replicas: number, podSpec: Record<string, unknown> = {}, cpu = '100m', memory = '64Mi'): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu, memory } } }], ...podSpec } },
    },
  } as Workload;
}

/** A VPSie API caller over HTTPS with the simulated cloud's CA: logs in, then sends bearer requests. */
export async function vpsieClient(living: LivingCluster): Promise<{ call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<{ status: number; body: JsonBody }>; close(): Promise<void> }> {
  const { url, caPem, credentials } = living.vpsie;
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const login = await request(`${url}/auth/from/api`, {
    method: 'POST',
    dispatcher,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials).toString(),
  });
  const token = ((await login.body.json()) as { accessToken: { token: string } }).accessToken.token;
  return {
    async call(method, path, body) {
      const r = await request(`${url}${path}`, {
        method,
        dispatcher,
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: r.statusCode, body: await r.body.json() };
    },
    close: () => dispatcher.close(),
  };
}

/** Moves simulated time forward in small steps, letting the simulation act after each. */
export async function advance(l: Living, ms: number, stepMs = 2000): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    l.cluster.clock.advance(Math.min(stepMs, ms - done));
    await new Promise((r) => setTimeout(r, 2));
  }
}
