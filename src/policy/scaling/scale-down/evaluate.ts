/**
 * The scale-down decision of one round: which managed nodes stayed under their group's thresholds
 * for the observation window (unneeded), and which of those may go now — least loaded first,
 * outside the group's cooldowns, above minNodes, within the disruption budget, with no safety
 * blocker, and with every evictable pod provably fitting on the nodes that stay.
 */
import * as q from '../format-quantity.ts';
import type { ScaleDownRecord } from '../record-types.ts';
import type { BlockedCandidate, Blocker, ClusterNode, ScaleDownChoice, ScaleDownDecision, ScaleDownGroup, ScaleDownInput, UtilisationVerdict } from '../types.ts';
import { scaleDownRecord } from './record.ts';
import { RescheduleSimulation } from './reschedule.ts';
import { DisruptionBudgets, isIgnoredByDrain, nodeOptOut, podKey, podsBlocker } from './safety.ts';
import { groupGate, type GroupGate, policyOf } from './group-gate.ts';
import { DEFAULT_UTILISATION_SETTINGS, judgeUtilisation } from './utilisation.ts';

interface Candidate {
  index: number;
  node: ClusterNode;
  group: ScaleDownGroup;
  verdict: UtilisationVerdict;
  /** The larger of mean cpu and mean memory over the window: least loaded goes first. */
  load: number;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function pct(value: number): string {
  return `${value}%`;
}

function why(c: Candidate, moved: number): string {
  const p = policyOf(c.group);
  const v = c.verdict;
  const under = Math.round(v.underShare * v.samples);
  const pods = moved === 0 ? 'it runs no pods that need a new home' : `its ${moved} evictable pod(s) fit on other nodes`;
  return (
    `cpu ${percent(v.meanCpu)} and memory ${percent(v.meanMemory)} of allocatable on average; ` +
    `under ${pct(p.cpuThreshold)} cpu and ${pct(p.memoryThreshold)} memory in ${under} of ${v.samples} samples over ${p.windowSeconds}s; ${pods}`
  );
}

/** Nodes least likely to leave come first as destinations: those that are not unneeded (by name), then unneeded ones most loaded first. */
function destinationOrder(nodes: readonly ClusterNode[], candidates: readonly Candidate[]): Int32Array {
  const unneeded = new Set(candidates.map((c) => c.index));
  const stay = nodes.map((_, i) => i).filter((i) => !unneeded.has(i));
  stay.sort((a, b) => (nodes[a]!.name < nodes[b]!.name ? -1 : nodes[a]!.name > nodes[b]!.name ? 1 : a - b));
  return Int32Array.from([...stay, ...candidates.map((c) => c.index).reverse()]);
}

function requestedShare(node: ClusterNode): number {
  let cpu = 0;
  let memory = 0;
  for (const pod of node.pods) {
    cpu += pod.requests.cpu;
    memory += pod.requests.memory;
  }
  return Math.max(node.allocatable.cpu > 0 ? cpu / node.allocatable.cpu : 0, node.allocatable.memory > 0 ? memory / node.allocatable.memory : 0);
}

export function evaluateScaleDown(input: ScaleDownInput): ScaleDownDecision {
  const settings = { ...DEFAULT_UTILISATION_SETTINGS, ...input.settings };
  const groups = new Map(input.groups.map((g) => [g.name, g]));
  const gates = new Map<string, GroupGate>();
  const skipped: ScaleDownRecord['skipped'] = { cordoned: 0, deleting: 0, tooFewSamples: 0, windowNotCovered: 0, overThreshold: 0 };
  const unneededByGroup: Record<string, number> = {};
  const candidates: Candidate[] = [];
  let unneeded = 0;
  input.nodes.forEach((node, index) => {
    if (node.group === undefined) return;
    const group = groups.get(node.group);
    if (!gates.has(node.group)) {
      const gate = group ? groupGate(group, input.now) : { kind: 'UnknownGroup' as const, detail: `node ${node.name} names group ${node.group}, which is not in this round's input` };
      if (gate) gates.set(node.group, gate);
    }
    if (!group) return;
    if (node.deleting) return void skipped.deleting++;
    if (node.unschedulable) return void skipped.cordoned++;
    const p = policyOf(group);
    const verdict = judgeUtilisation(node.samples, p, input.now, settings);
    if (!verdict.under) {
      if (verdict.why === 'TooFewSamples') skipped.tooFewSamples++;
      else if (verdict.why === 'WindowNotCovered') skipped.windowNotCovered++;
      else skipped.overThreshold++;
      return;
    }
    unneeded++;
    unneededByGroup[group.name] = (unneededByGroup[group.name] ?? 0) + 1;
    if (gates.has(group.name)) return;
    candidates.push({ index, node, group, verdict, load: Math.max(verdict.meanCpu, verdict.meanMemory) });
  });
  const share = new Map(candidates.map((c) => [c, requestedShare(c.node)]));
  candidates.sort((a, b) => a.load - b.load || share.get(a)! - share.get(b)! || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : a.index - b.index));

  const simulation = new RescheduleSimulation(input.nodes, destinationOrder(input.nodes, candidates));
  const budgets = new DisruptionBudgets(input.pdbs);
  const chosenIn = new Map<string, number>();
  const chosen: ScaleDownChoice[] = [];
  const blocked: BlockedCandidate[] = [];
  const block = (c: Candidate, blocker: Blocker) => blocked.push({ node: c.node.name, group: c.group.name, blocker });
  for (const c of candidates) {
    const evictable = c.node.pods.filter((pod) => !isIgnoredByDrain(pod));
    const safety = nodeOptOut(c.node) ?? podsBlocker(evictable, budgets);
    if (safety) {
      block(c, safety);
      continue;
    }
    const taken = chosenIn.get(c.group.name) ?? 0;
    if (c.group.liveNodes - taken - 1 < c.group.minNodes) {
      const detail = `the group has ${c.group.liveNodes} live node(s)${taken ? `, ${taken} leaving this round` : ''}, minNodes ${c.group.minNodes}`;
      block(c, { kind: 'AtMinNodes', detail });
      continue;
    }
    if (c.group.disruptionsAllowed - taken < 1) {
      block(c, { kind: 'DisruptionBudget', detail: `the disruption budget allows ${Math.max(0, c.group.disruptionsAllowed)} more disruption(s) now${taken ? `, ${taken} chosen this round` : ''}` });
      continue;
    }
    const moving = [...evictable, ...simulation.movedIn(c.index)];
    const result = simulation.remove(c.index, moving);
    if ('stuck' in result) {
      const pod = podKey(result.stuck);
      const r = result.stuck.requests;
      block(c, { kind: 'NoPlaceToGo', pod, detail: `pod ${pod} (cpu ${q.cores(r.cpu)}, memory ${q.memory(r.memory)}) fits on no other node that stays` });
      continue;
    }
    budgets.consume(evictable);
    chosenIn.set(c.group.name, taken + 1);
    chosen.push({ node: c.node.name, group: c.group.name, why: why(c, moving.length), utilisation: c.verdict, moves: result.moves });
  }
  const gateList = [...gates].map(([group, gate]) => ({ group, ...gate }));
  const record = scaleDownRecord(input, { skipped, gates: gateList, unneededByGroup, chosen, blocked });
  return { chosen, blocked, unneeded, unneededByGroup, gates: gateList, record };
}
