/**
 * The scale-up decision: pending pods go first onto nodes already coming, then onto new nodes,
 * one option (a group's offering) at a time, the cheapest per unit of placed work first.
 *
 * Cost. A pod's *work* is the least any usable offering could charge for it with perfect packing:
 * min over offerings it fits of hourlyPrice × its dominant share of a new node (the largest of
 * cpu/allocatable, memory/allocatable, 1/pod slots, all after DaemonSet overhead). An option that
 * places pods P on N nodes of price p scores N·p ÷ Σ work(P): 1.0 means every pod is bought at the
 * best unit rate on offer with no empty room; 1.3 means 30% over that, from room left empty or a
 * dearer unit rate. For a single offering this is (hourly price ÷ fraction of the nodes the pods
 * use) ÷ price, so the brief's "price per used capacity" orders options the same way; measuring
 * work against the cheapest rate rather than each offering's own lets options that place
 * different pods, in different groups, be compared on one scale.
 *
 * Each round packs the remaining pods onto every usable option (bounded first-fit decreasing,
 * capped by the group's headroom = maxNodes − live − already planned), keeps the best and moves
 * each of its nodes to the cheapest offering of the group that still holds that node's pods. An
 * option that wins places every pod it can, so each wins at most once: rounds ≤ options.
 */
import type { ScaleUpOption, ScaleUpRecord } from '../record-types.ts';
import { fitsResources, placementFailure } from '../predicates.ts';
import type { NewNode, ScaleUpDecision, ScaleUpInput } from '../types.ts';
import { type PackResult, Packer } from './pack.ts';
import { type Prepared, prepare } from './prepare.ts';
import { explainUnplaced } from './reasons.ts';
import { scaleUpRecord } from './record.ts';

/** What orders two options, first to last: lower score, more pods placed, fewer nodes, lower price, earlier option. */
type Criterion = 'score' | 'placed' | 'nodes' | 'price' | 'order';

/** The first criterion on which a and b differ (`order` when only their position does). */
function deciding(a: PackResult, b: PackResult): Criterion {
  if (Math.abs(a.score - b.score) > 1e-9 * Math.max(Math.abs(a.score), Math.abs(b.score))) return 'score';
  if (a.placed !== b.placed) return 'placed';
  if (a.nodes !== b.nodes) return 'nodes';
  if (a.price !== b.price) return 'price';
  return 'order';
}

/** a beats b on the first criterion that tells them apart. */
function better(a: PackResult, b: PackResult | undefined): boolean {
  if (!b) return true;
  switch (deciding(a, b)) {
    case 'score':
      return a.score < b.score;
    case 'placed':
      return a.placed > b.placed;
    case 'nodes':
      return a.nodes < b.nodes;
    case 'price':
      return a.price < b.price;
    case 'order':
      return a.template < b.template;
  }
}

/** First-fit of the pods (largest first) onto the upcoming nodes; returns each pod's node or −1. */
function placeOnUpcoming(input: ScaleUpInput, prep: Prepared): Int32Array {
  const { pods } = prep;
  const nodes = input.upcoming;
  const U = nodes.length;
  const where = new Int32Array(pods.count).fill(-1);
  if (U === 0) return where;
  const cpu = Float64Array.from(nodes, (n) => n.free.cpu);
  const memory = Float64Array.from(nodes, (n) => n.free.memory);
  const slots = Float64Array.from(nodes, (n) => n.free.pods);
  // 0 unknown, 1 passes labels and taints, 2 does not.
  const verdict = new Uint8Array(pods.classes.length * U);
  for (const p of pods.order) {
    const row = pods.klass[p]! * U;
    for (let u = 0; u < U; u++) {
      if (!fitsResources(pods.cpu[p]!, pods.memory[p]!, cpu[u]!, memory[u]!, slots[u]!)) continue;
      if (verdict[row + u] === 0) verdict[row + u] = placementFailure(pods.classes[pods.klass[p]!]!, nodes[u]!.labels, nodes[u]!.taints, nodes[u]!.name) ? 2 : 1;
      if (verdict[row + u] !== 1) continue;
      cpu[u]! -= pods.cpu[p]!;
      memory[u]! -= pods.memory[p]!;
      slots[u]! -= 1;
      where[p] = u;
      break;
    }
  }
  return where;
}

/** The cheapest usable template of the node's group that holds all its pods (the packed one on a tie). */
function rightSize(prep: Prepared, packed: number, podsOnNode: readonly number[]): number {
  const { pods, templates, feasible } = prep;
  const T = templates.length;
  let cpu = 0;
  let memory = 0;
  for (const p of podsOnNode) {
    cpu += pods.cpu[p]!;
    memory += pods.memory[p]!;
  }
  let best = packed;
  for (let t = 0; t < T; t++) {
    const c = templates[t]!;
    if (c.group !== templates[packed]!.group || !c.usable || c.price >= templates[best]!.price) continue;
    if (podsOnNode.length > c.freePods || (cpu > 0 && cpu > c.freeCpu) || (memory > 0 && memory > c.freeMemory)) continue;
    if (podsOnNode.every((p) => feasible[pods.klass[p]! * T + t])) best = t;
  }
  return best;
}

function optionRecord(input: ScaleUpInput, prep: Prepared, r: PackResult): ScaleUpOption {
  const t = prep.templates[r.template]!;
  return { group: input.groups[t.group]!.name, offeringID: t.offeringID, nodes: r.nodes, pods: r.placed, hourlyPrice: r.price, score: r.score };
}

/** Why the first of the sorted results won, in the words of the criterion that ranked it above the second. */
function why(sorted: readonly PackResult[], considered: readonly ScaleUpOption[]): string {
  const [a, b] = sorted;
  const [winner, next] = considered;
  if (!b || !next) return 'the only option that places any of these pods';
  const against = `${next.group}/${next.offeringID}`;
  const tie = `tied with ${against} at ${winner!.score.toFixed(3)} per unit of placed work`;
  switch (deciding(a!, b)) {
    case 'score':
      return `lowest price per unit of placed work: ${winner!.score.toFixed(3)} against ${against} at ${next.score.toFixed(3)}`;
    case 'placed':
      return `${tie}; places more pods (${winner!.pods} against ${next.pods})`;
    case 'nodes':
      return `${tie}; fewer nodes (${winner!.nodes} against ${next.nodes})`;
    case 'price':
      return `${tie}; cheaper per hour (${winner!.hourlyPrice} against ${next.hourlyPrice})`;
    case 'order':
      return `${tie}; listed first`;
  }
}

export function planScaleUp(input: ScaleUpInput): ScaleUpDecision {
  const prep = prepare(input);
  const { pods, templates } = prep;
  const T = templates.length;
  const where = placeOnUpcoming(input, prep);
  const upcoming = input.upcoming.map((n) => ({ node: n.name, pods: [] as string[] }));
  let remaining = new Int32Array(pods.count);
  let n = 0;
  for (const p of pods.order) {
    if (where[p]! >= 0) upcoming[where[p]!]!.pods.push(pods.keys[p]!);
    else remaining[n++] = p;
  }
  const onUpcoming = pods.count - n;

  const headroom = prep.headroom.slice();
  const planned = new Int32Array(input.groups.length);
  const packer = new Packer(prep);
  let assign = new Int32Array(pods.count);
  let bestAssign = new Int32Array(pods.count);
  const newNodes: NewNode[] = [];
  const nodeTemplates: number[] = [];
  const rounds: ScaleUpRecord['rounds'] = [];
  const classLeft = new Int32Array(pods.classes.length);
  while (n > 0) {
    classLeft.fill(0);
    for (let i = 0; i < n; i++) classLeft[pods.klass[remaining[i]!]!]!++;
    let best: PackResult | undefined;
    const results: PackResult[] = [];
    for (let t = 0; t < T; t++) {
      const tpl = templates[t]!;
      if (!tpl.usable || headroom[tpl.group] === 0) continue;
      let any = false;
      for (let k = 0; k < classLeft.length && !any; k++) any = classLeft[k]! > 0 && prep.feasible[k * T + t] === 1;
      if (!any) continue;
      const r = packer.pack(t, remaining, n, headroom[tpl.group]!, assign);
      if (r.placed === 0) continue;
      results.push(r);
      if (better(r, best)) {
        best = r;
        [assign, bestAssign] = [bestAssign, assign];
      }
    }
    if (!best) break;
    const g = templates[best.template]!.group;
    const perNode: number[][] = Array.from({ length: best.nodes }, () => []);
    const next = new Int32Array(pods.count);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (bestAssign[i]! >= 0) perNode[bestAssign[i]!]!.push(remaining[i]!);
      else next[m++] = remaining[i]!;
    }
    const sized = new Map<number, number>();
    for (const podsOnNode of perNode) {
      const t = rightSize(prep, best.template, podsOnNode);
      sized.set(t, (sized.get(t) ?? 0) + 1);
      nodeTemplates.push(t);
      newNodes.push({ group: input.groups[g]!.name, offeringID: templates[t]!.offeringID, pods: podsOnNode.map((p) => pods.keys[p]!) });
    }
    headroom[g]! -= best.nodes;
    planned[g]! += best.nodes;
    remaining = next;
    n = m;
    const sorted = results.sort((a, b) => (better(a, b) ? -1 : 1));
    const considered = sorted.map((r) => optionRecord(input, prep, r));
    rounds.push({
      winner: optionRecord(input, prep, best),
      rightSized: [...sized].sort((a, b) => a[0] - b[0]).map(([t, count]) => ({ offeringID: templates[t]!.offeringID, count })),
      why: why(sorted, considered),
      considered,
    });
  }

  const unplaced = explainUnplaced(input, prep, remaining.subarray(0, n), planned);
  const counts = new Map<number, number>();
  for (const t of nodeTemplates) counts.set(t, (counts.get(t) ?? 0) + 1);
  const scaleUps = [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([t, count]) => ({ group: input.groups[templates[t]!.group]!.name, offeringID: templates[t]!.offeringID, count }));
  const record = scaleUpRecord(input, prep, { onUpcoming, upcoming, rounds, scaleUps, unplaced });
  return { upcoming, scaleUps, newNodes, unplaced, record };
}
