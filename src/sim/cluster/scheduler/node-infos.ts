import { bytes, cpuMillis } from '../../../common/quantity.ts';
import { type Node, type Pod, type Taint, isPodTerminal, keyOf } from '../kube-shapes.ts';
import { type Requests, podRequests } from './requests.ts';

/** What the scheduler knows of one node: its allocatable and the running sum of its pods' requests. */
export class NodeInfo {
  readonly name: string;
  exists = false;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable = { cpu: 0, memory: 0, pods: 0 };
  readonly requested = { cpu: 0, memory: 0, pods: 0 };
  readonly requestedNonZero = { cpu: 0, memory: 0 };

  constructor(name: string) {
    this.name = name;
  }
}

interface Accounted {
  node: string;
  requests: Requests;
  nonZero: Requests;
}

function schedulingView(node: Node): string {
  return JSON.stringify([node.metadata.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable]);
}

/**
 * The scheduler cache: nodes and the requests of every pod assigned to them, kept incrementally
 * from watch events. A pod the scheduler has just bound is *assumed* (counted at once) so the next
 * decision sees its node fuller before the binding's own event comes back.
 */
export class NodeInfos {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #views = new Map<string, string>();
  readonly #accounted = new Map<string, Accounted>();
  #list: NodeInfo[] | undefined;
  #version = 0;

  /** Changes whenever anything a filter reads changes, so a verdict can be reused until it does. */
  get version(): number {
    return this.#version;
  }

  /** Existing nodes, in a stable order. */
  list(): NodeInfo[] {
    this.#list ??= [...this.#nodes.values()].filter((n) => n.exists);
    return this.#list;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.#nodes.get(name);
    return info?.exists ? info : undefined;
  }

  /** Applies a node's latest state; returns whether anything the filters read changed. */
  setNode(node: Node): boolean {
    const name = node.metadata.name!;
    const view = schedulingView(node);
    const info = this.#info(name);
    if (info.exists && this.#views.get(name) === view) return false;
    this.#views.set(name, view);
    if (!info.exists) this.#list = undefined;
    info.exists = true;
    info.labels = node.metadata.labels ?? {};
    info.taints = node.spec?.taints ?? [];
    info.unschedulable = node.spec?.unschedulable ?? false;
    const a = node.status?.allocatable ?? {};
    info.allocatable = { cpu: cpuMillis(a.cpu ?? 0), memory: bytes(a.memory ?? 0), pods: Number(a.pods ?? 0) };
    this.#version++;
    return true;
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info) return;
    info.exists = false;
    this.#version++;
    this.#views.delete(name);
    this.#list = undefined;
    if (info.requested.pods === 0) this.#nodes.delete(name);
  }

  /**
   * Counts a pod against its node while it is assigned and not finished. Returns the node whose
   * free resources grew (a pod left it), if any.
   */
  setPod(pod: Pod | undefined, key: string): string | undefined {
    const previous = this.#accounted.get(key);
    const node = pod && !isPodTerminal(pod) ? pod.spec.nodeName : undefined;
    if (previous && previous.node === node) return undefined;
    if (previous) this.#release(key, previous);
    if (pod && node) this.assume(pod, node);
    return previous?.node;
  }

  /** Counts `pod` on `node` now, ahead of the watch event of its binding. */
  assume(pod: Pod, node: string): void {
    const key = keyOf(pod);
    const entry: Accounted = { node, requests: podRequests(pod.spec), nonZero: podRequests(pod.spec, true) };
    const previous = this.#accounted.get(key);
    if (previous) this.#release(key, previous);
    this.#accounted.set(key, entry);
    const info = this.#info(node);
    info.requested.cpu += entry.requests.cpu;
    info.requested.memory += entry.requests.memory;
    info.requested.pods += 1;
    info.requestedNonZero.cpu += entry.nonZero.cpu;
    info.requestedNonZero.memory += entry.nonZero.memory;
    this.#version++;
  }

  /** Undoes an assumption whose binding failed. */
  forget(key: string): void {
    const previous = this.#accounted.get(key);
    if (previous) this.#release(key, previous);
  }

  #release(key: string, entry: Accounted): void {
    this.#accounted.delete(key);
    const info = this.#nodes.get(entry.node);
    if (!info) return;
    info.requested.cpu -= entry.requests.cpu;
    info.requested.memory -= entry.requests.memory;
    info.requested.pods -= 1;
    info.requestedNonZero.cpu -= entry.nonZero.cpu;
    info.requestedNonZero.memory -= entry.nonZero.memory;
    this.#version++;
    if (!info.exists && info.requested.pods === 0) this.#nodes.delete(entry.node);
  }

  #info(name: string): NodeInfo {
    let info = this.#nodes.get(name);
    if (!info) this.#nodes.set(name, (info = new NodeInfo(name)));
    return info;
  }
}
