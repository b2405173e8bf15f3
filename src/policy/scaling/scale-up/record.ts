import type { ScaleUpRecord } from '../record-types.ts';
import type { GroupReason, ScaleUpDecision, ScaleUpInput, UnplacedPod } from '../types.ts';
import type { Prepared } from './prepare.ts';

/** The explanation of a scale-up decision: its inputs in counts, each round's options, and what kept the unplaced pods out. */
export function scaleUpRecord(
  input: ScaleUpInput,
  prep: Prepared,
  parts: { onUpcoming: number; upcoming: ScaleUpDecision['upcoming']; rounds: ScaleUpRecord['rounds']; scaleUps: ScaleUpDecision['scaleUps']; unplaced: UnplacedPod[] },
): ScaleUpRecord {
  const byGroup = input.groups.map((group) => ({ group: group.name, reasons: new Map<string, { kind: GroupReason['kind']; pods: number; example: string }>() }));
  for (const pod of parts.unplaced) {
    pod.reasons.forEach((r, g) => {
      const entry = byGroup[g]!.reasons.get(r.kind);
      if (entry) entry.pods++;
      else byGroup[g]!.reasons.set(r.kind, { kind: r.kind, pods: 1, example: r.detail });
    });
  }
  const notNow = parts.unplaced.filter((p) => p.notNow).length;
  const held = new Set(input.heldOfferings);
  return {
    kind: 'ScaleUp',
    outcome: parts.scaleUps.length ? 'TriggeredScaleUp' : parts.unplaced.length ? 'NotTriggerScaleUp' : 'NoScaleUpNeeded',
    inputs: {
      pendingPods: input.pods.length,
      upcomingNodes: input.upcoming.length,
      heldOfferings: [...input.heldOfferings],
      groups: input.groups.map((group, g) => ({
        group: group.name,
        scaleUpEnabled: group.scaleUpEnabled,
        headroom: prep.headroom[g]!,
        offerings: group.offerings.length,
        held: group.offerings.filter((o) => held.has(o.offeringID)).map((o) => o.offeringID),
      })),
    },
    onUpcoming: { pods: parts.onUpcoming, nodes: parts.upcoming.filter((u) => u.pods.length > 0).length },
    rounds: parts.rounds,
    newNodes: parts.scaleUps,
    unplaced: {
      pods: parts.unplaced.length,
      notNow,
      never: parts.unplaced.length - notNow,
      byGroup: byGroup.filter((g) => g.reasons.size > 0).map((g) => ({ group: g.group, reasons: [...g.reasons.values()] })),
    },
  };
}
