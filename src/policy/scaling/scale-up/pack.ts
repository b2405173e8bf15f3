import type { Prepared } from './prepare.ts';

/**
 * Partly filled nodes first-fit still tries. Pods come largest first, so a node left behind is
 * nearly full; bounding the look-back keeps packing linear in the pods (10,000 pods onto a
 * thousand nodes would otherwise cost ten million fit checks per option).
 */
export const OPEN_NODES = 8;

export interface PackResult {
  template: number;
  nodes: number;
  placed: number;
  /** Hourly price of the nodes. */
  price: number;
  /** Sum of the placed pods' work (see `Prepared.work`). */
  work: number;
  /** price ÷ work: what the option pays per unit of the least it could pay. Lower is better. */
  score: number;
}

/** The score of an option; never NaN or Infinity, so records stay JSON. */
function scoreOf(price: number, work: number): number {
  if (price === 0) return 0;
  return work > 0 ? price / work : Number.MAX_VALUE;
}

/**
 * Bounded first-fit decreasing of the remaining pods onto new nodes of one template, opening at
 * most `cap` nodes. Writes each remaining pod's node index (or −1) to `assign`.
 */
export class Packer {
  readonly #cpu = new Float64Array(OPEN_NODES);
  readonly #memory = new Float64Array(OPEN_NODES);
  readonly #pods = new Float64Array(OPEN_NODES);
  readonly #id = new Int32Array(OPEN_NODES);
  readonly #prep: Prepared;

  constructor(prep: Prepared) {
    this.#prep = prep;
  }

  pack(template: number, remaining: Int32Array, count: number, cap: number, assign: Int32Array): PackResult {
    const { pods, templates, feasible, work } = this.#prep;
    const t = templates[template]!;
    const T = templates.length;
    const freeCpu = this.#cpu;
    const freeMemory = this.#memory;
    const freePods = this.#pods;
    const id = this.#id;
    let open = 0;
    let nodes = 0;
    let placed = 0;
    let placedWork = 0;
    for (let i = 0; i < count; i++) {
      assign[i] = -1;
      const p = remaining[i]!;
      if (!feasible[pods.klass[p]! * T + template]) continue;
      const cpu = pods.cpu[p]!;
      const memory = pods.memory[p]!;
      // NodeResourcesFit (predicates.ts), written out: a call across modules in this loop costs
      // twice the packing under the tsx loader's CommonJS bindings in a worker.
      if (t.freePods < 1 || (cpu > 0 && cpu > t.freeCpu) || (memory > 0 && memory > t.freeMemory)) continue;
      let slot = -1;
      for (let j = 0; j < open; j++) {
        if (freePods[j]! >= 1 && (cpu <= 0 || cpu <= freeCpu[j]!) && (memory <= 0 || memory <= freeMemory[j]!)) {
          slot = j;
          break;
        }
      }
      if (slot < 0) {
        if (nodes >= cap) continue;
        slot = open < OPEN_NODES ? open++ : this.#fullest(open, t.freeCpu, t.freeMemory, t.freePods);
        freeCpu[slot] = t.freeCpu;
        freeMemory[slot] = t.freeMemory;
        freePods[slot] = t.freePods;
        id[slot] = nodes++;
      }
      freeCpu[slot]! -= cpu;
      freeMemory[slot]! -= memory;
      freePods[slot]! -= 1;
      assign[i] = id[slot]!;
      placed++;
      placedWork += work[p]!;
    }
    const price = nodes * t.price;
    return { template, nodes, placed, price, work: placedWork, score: scoreOf(price, placedWork) };
  }

  /** The open node with the least room left (by its scarcest resource): the one to stop trying. */
  #fullest(open: number, cpu: number, memory: number, pods: number): number {
    let best = 0;
    let least = Infinity;
    for (let j = 0; j < open; j++) {
      const room = Math.min(cpu > 0 ? this.#cpu[j]! / cpu : 1, memory > 0 ? this.#memory[j]! / memory : 1, this.#pods[j]! / pods);
      if (room < least) {
        least = room;
        best = j;
      }
    }
    return best;
  }
}
