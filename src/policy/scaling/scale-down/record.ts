import type { ScaleDownRecord } from '../record-types.ts';
import type { BlockedCandidate, ScaleDownChoice, ScaleDownDecision, ScaleDownInput } from '../types.ts';

/** The explanation of a scale-down round: its inputs in counts, each group's standing, every choice and every blocked candidate. */
export function scaleDownRecord(
  input: ScaleDownInput,
  parts: { skipped: ScaleDownRecord['skipped']; gates: ScaleDownDecision['gates']; unneededByGroup: Record<string, number>; chosen: ScaleDownChoice[]; blocked: BlockedCandidate[] },
): ScaleDownRecord {
  const count = (list: readonly { group: string }[], group: string) => list.reduce((n, x) => n + (x.group === group ? 1 : 0), 0);
  return {
    kind: 'ScaleDown',
    outcome: parts.chosen.length ? 'ScaleDown' : 'NoScaleDown',
    inputs: {
      now: input.now,
      nodes: input.nodes.length,
      managedNodes: input.nodes.filter((n) => n.group !== undefined).length,
      pdbs: input.pdbs.length,
      groups: input.groups.map((g) => g.name),
    },
    skipped: parts.skipped,
    groups: input.groups.map((g) => {
      const gate = parts.gates.find((x) => x.group === g.name);
      return {
        group: g.name,
        ...(gate ? { gate: { kind: gate.kind, detail: gate.detail } } : {}),
        liveNodes: g.liveNodes,
        minNodes: g.minNodes,
        disruptionsAllowed: g.disruptionsAllowed,
        unneeded: parts.unneededByGroup[g.name] ?? 0,
        chosen: count(parts.chosen, g.name),
        blocked: count(parts.blocked, g.name),
      };
    }),
    chosen: parts.chosen.map((c) => ({ node: c.node, group: c.group, why: c.why })),
    blocked: parts.blocked.map((b) => ({ node: b.node, group: b.group, kind: b.blocker.kind, detail: b.blocker.detail })),
  };
}
