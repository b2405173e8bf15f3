import type { Controller } from '../../app/controller.ts';
import type { DecisionRecord } from '../../policy/scaling/index.ts';

/**
 * One compact line per change of the demo's state: NodeGroups (min/desired/ready/max), nodes by
 * phase, pending pods — what a user watches the autoscaler do.
 */
export function liveLine(controller: Controller, pendingPods: number, at: string): string {
  const view = controller.supervisor.view();
  const groups = controller.informers.nodeGroups.list().map((g) => {
    const s = g.status ?? {};
    return `${g.metadata.name} ${g.spec.minNodes}/${s.desiredNodes ?? '-'}/${s.readyNodes ?? 0}/${g.spec.maxNodes}`;
  });
  const phases = new Map<string, number>();
  for (const n of view.nodes) phases.set(n.phase, (phases.get(n.phase) ?? 0) + 1);
  const byPhase = [...phases].map(([p, n]) => `${p}:${n}`).join(' ') || 'none';
  return `[${at}] groups (min/desired/ready/max) ${groups.join(', ') || 'none'} | nodes ${byPhase} | pending pods ${pendingPods}`;
}

/** A decision that changed something, in one line with its reason; undefined for rounds that changed nothing. */
export function decisionLine(record: DecisionRecord): string | undefined {
  if (record.kind === 'ScaleUp') {
    if (record.outcome !== 'TriggeredScaleUp') return undefined;
    const added = record.newNodes.map((n) => `${n.group} +${n.count} ${n.offeringID}`).join(', ');
    return `scale-up: ${added} for ${record.inputs.pendingPods} pending pod(s) — ${record.rounds[0]?.why ?? ''}`;
  }
  if (record.outcome !== 'ScaleDown') return undefined;
  return `scale-down: ${record.chosen.map((c) => `${c.node} (${c.why})`).join('; ')}`;
}
