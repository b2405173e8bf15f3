import { placementFailure } from '../predicates.ts';
import type { ClusterNode, RunningPod } from '../types.ts';
import { podKey } from './safety.ts';

function classKey(pod: RunningPod): string {
  return JSON.stringify([pod.nodeSelector ?? null, pod.requiredAffinity ?? null, pod.tolerations ?? null]);
}

/** Largest first, then by name: first-fit decreasing, the same order every time. */
function bySize(a: RunningPod, b: RunningPod): number {
  return b.requests.cpu - a.requests.cpu || b.requests.memory - a.requests.memory || (podKey(a) < podKey(b) ? -1 : podKey(a) > podKey(b) ? 1 : 0);
}

/**
 * The cluster as the round leaves it: free room per node (allocatable minus every bound pod's
 * requests), nodes closed to new pods (cordoned, being deleted, chosen this round), and the pods
 * this round has moved onto each node, which must move again if that node is chosen too. A node
 * is removable when its pods fit, first-fit decreasing with the scale-up predicates, on open nodes.
 */
export class RescheduleSimulation {
  readonly #nodes: readonly ClusterNode[];
  readonly #cpu: Float64Array;
  readonly #memory: Float64Array;
  readonly #pods: Float64Array;
  readonly #closed: Uint8Array;
  readonly #movedIn: RunningPod[][];
  readonly #order: Int32Array;
  readonly #classOf = new WeakMap<RunningPod, number>();
  readonly #classIndex = new Map<string, number>();
  /** Per class, per node: 0 not yet judged, 1 labels and taints admit it, 2 they do not. */
  readonly #verdicts: Uint8Array[] = [];

  /** `order`: the node indices in the order destinations are tried. */
  constructor(nodes: readonly ClusterNode[], order: Int32Array) {
    const n = nodes.length;
    this.#nodes = nodes;
    this.#order = order;
    this.#cpu = new Float64Array(n);
    this.#memory = new Float64Array(n);
    this.#pods = new Float64Array(n);
    this.#closed = new Uint8Array(n);
    this.#movedIn = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      let cpu = node.allocatable.cpu;
      let memory = node.allocatable.memory;
      for (const pod of node.pods) {
        cpu -= pod.requests.cpu;
        memory -= pod.requests.memory;
      }
      this.#cpu[i] = cpu;
      this.#memory[i] = memory;
      this.#pods[i] = node.allocatable.pods - node.pods.length;
      if (node.unschedulable || node.deleting) this.#closed[i] = 1;
    }
  }

  /** Pods this round moved onto the node. */
  movedIn(node: number): readonly RunningPod[] {
    return this.#movedIn[node]!;
  }

  /**
   * Places `pods` (those of node `from`) on other open nodes. On success the node is closed, the
   * moves are kept and returned; otherwise nothing changes and the first pod that fits nowhere is returned.
   */
  remove(from: number, pods: readonly RunningPod[]): { moves: { pod: string; to: string }[] } | { stuck: RunningPod } {
    const sorted = [...pods].sort(bySize);
    const targets: number[] = [];
    this.#closed[from] = 1;
    for (const pod of sorted) {
      const to = this.#destination(pod);
      if (to < 0) {
        for (let k = 0; k < targets.length; k++) this.#release(targets[k]!, sorted[k]!);
        this.#closed[from] = this.#nodes[from]!.unschedulable || this.#nodes[from]!.deleting ? 1 : 0;
        return { stuck: pod };
      }
      targets.push(to);
    }
    const moves = sorted.map((pod, k) => {
      this.#movedIn[targets[k]!]!.push(pod);
      return { pod: podKey(pod), to: this.#nodes[targets[k]!]!.name };
    });
    return { moves };
  }

  #destination(pod: RunningPod): number {
    const { cpu, memory } = pod.requests;
    const verdicts = this.#verdictsOf(pod);
    const free = { cpu: this.#cpu, memory: this.#memory, pods: this.#pods };
    for (const d of this.#order) {
      // NodeResourcesFit written out, as in pack.ts: this loop runs over every node.
      if (this.#closed[d] || free.pods[d]! < 1 || (cpu > 0 && cpu > free.cpu[d]!) || (memory > 0 && memory > free.memory[d]!)) continue;
      if (verdicts[d] === 0) {
        const node = this.#nodes[d]!;
        verdicts[d] = placementFailure(pod, node.labels, node.taints, node.name) ? 2 : 1;
      }
      if (verdicts[d] !== 1) continue;
      this.#cpu[d]! -= cpu;
      this.#memory[d]! -= memory;
      this.#pods[d]! -= 1;
      return d;
    }
    return -1;
  }

  #release(d: number, pod: RunningPod): void {
    this.#cpu[d]! += pod.requests.cpu;
    this.#memory[d]! += pod.requests.memory;
    this.#pods[d]! += 1;
  }

  #verdictsOf(pod: RunningPod): Uint8Array {
    let k = this.#classOf.get(pod);
    if (k === undefined) {
      const key = classKey(pod);
      k = this.#classIndex.get(key);
      if (k === undefined) {
        k = this.#verdicts.length;
        this.#classIndex.set(key, k);
        this.#verdicts.push(new Uint8Array(this.#nodes.length));
      }
      this.#classOf.set(pod, k);
    }
    return this.#verdicts[k]!;
  }
}
