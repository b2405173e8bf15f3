import type { Controller } from '../app/controller.ts';

/**
 * One compact line per change of the demo's state: NodeGroups (min/desired/ready/max), nodes by
 * phase, pending pods, and the newest decision — what a user watches the autoscaler do.
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
