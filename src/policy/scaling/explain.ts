/** A decision record in plain words: a few lines a user reads in `explain`. */
import type { DecisionRecord, ScaleDownRecord, ScaleUpRecord } from './record-types.ts';

/** Removed and kept nodes listed one per line before the rest are summed up. */
export const LISTED_NODES = 10;
/** Scale-up rounds listed one per line before the rest are summed up. */
export const LISTED_ROUNDS = 10;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function price(value: number): string {
  return `${Number(value.toFixed(4))}/h`;
}

function scaleUpLines(r: ScaleUpRecord): string[] {
  const groups = r.inputs.groups.map((g) => {
    if (!g.scaleUpEnabled) return `${g.group} (scale-up disabled)`;
    if (g.held.length === g.offerings) return `${g.group} (all offerings held)`;
    return g.headroom === 0 ? `${g.group} (at maxNodes)` : `${g.group} (room for ${g.headroom})`;
  });
  const lines = [`Scale-up: ${plural(r.inputs.pendingPods, 'pending pod')}, ${plural(r.inputs.upcomingNodes, 'upcoming node')}; groups ${groups.join(', ') || 'none'}.`];
  if (r.inputs.heldOfferings.length) lines.push(`Held unavailable: ${r.inputs.heldOfferings.join(', ')}.`);
  if (r.onUpcoming.pods) lines.push(`${plural(r.onUpcoming.pods, 'pod')} fit on ${plural(r.onUpcoming.nodes, 'upcoming node')}.`);
  for (const round of r.rounds.slice(0, LISTED_ROUNDS)) {
    const w = round.winner;
    const sized = round.rightSized.map((s) => `${s.count} × ${s.offeringID}`).join(' + ');
    lines.push(`Add to ${w.group}: ${sized} for ${plural(w.pods, 'pod')} (packed on ${w.offeringID} at ${price(w.hourlyPrice)}, score ${w.score.toFixed(3)}) — ${round.why}.`);
  }
  const rest = r.rounds.slice(LISTED_ROUNDS);
  if (rest.length) {
    const nodes = rest.reduce((n, round) => n + round.winner.nodes, 0);
    const pods = rest.reduce((n, round) => n + round.winner.pods, 0);
    lines.push(`… and ${plural(rest.length, 'more round')} adding ${plural(nodes, 'node')} for ${plural(pods, 'pod')}.`);
  }
  if (r.unplaced.pods) {
    lines.push(`Not placed: ${plural(r.unplaced.pods, 'pod')} (${r.unplaced.notNow} not now, ${r.unplaced.never} never).`);
    for (const g of r.unplaced.byGroup) {
      for (const reason of g.reasons) lines.push(`  ${g.group}: ${reason.kind} for ${plural(reason.pods, 'pod')}, e.g. ${reason.example}`);
    }
  }
  if (r.outcome === 'NoScaleUpNeeded') lines.push(r.inputs.pendingPods ? 'No new node needed.' : 'No pending pods.');
  return lines;
}

function scaleDownLines(r: ScaleDownRecord): string[] {
  const unneeded = r.groups.reduce((n, g) => n + g.unneeded, 0);
  const lines = [`Scale-down: ${plural(r.inputs.nodes, 'node')} (${r.inputs.managedNodes} managed) in ${plural(r.inputs.groups.length, 'group')}; ${unneeded} unneeded.`];
  const skipped = Object.entries(r.skipped)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} ${why.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
  if (skipped.length) lines.push(`Not candidates: ${skipped.join(', ')}.`);
  for (const g of r.groups) if (g.gate) lines.push(`Group ${g.group} is not scaled down now: ${g.gate.detail}.`);
  for (const c of r.chosen.slice(0, LISTED_NODES)) lines.push(`Remove ${c.node} (${c.group}): ${c.why}.`);
  if (r.chosen.length > LISTED_NODES) lines.push(`… and ${plural(r.chosen.length - LISTED_NODES, 'more node')} removed.`);
  for (const b of r.blocked.slice(0, LISTED_NODES)) lines.push(`Keep ${b.node} (${b.group}): ${b.kind} — ${b.detail}.`);
  if (r.blocked.length > LISTED_NODES) lines.push(`… and ${plural(r.blocked.length - LISTED_NODES, 'more unneeded node')} kept.`);
  if (r.outcome === 'NoScaleDown' && !r.blocked.length) lines.push('No node can be removed.');
  return lines;
}

export function formatRecord(record: DecisionRecord): string {
  return (record.kind === 'ScaleUp' ? scaleUpLines(record) : scaleDownLines(record)).join('\n');
}
