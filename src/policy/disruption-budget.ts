/**
 * A NodeGroup's disruption budget: how many of its nodes may be voluntarily disrupted (draining,
 * drained or terminating) at once, as a count ("2") or a percent of its live nodes ("20%").
 */
export type DisruptionBudget = { readonly count: number } | { readonly percent: number };

export const DEFAULT_DISRUPTION_BUDGET = '1';

const BUDGET = /^(0|[1-9][0-9]*)(%?)$/;

/** The budget a spec string means; absent means the CRD's default; null for a string the CRD would reject. */
export function parseDisruptionBudget(text: string | undefined): DisruptionBudget | null {
  const m = BUDGET.exec(text ?? DEFAULT_DISRUPTION_BUDGET);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === '%' ? { percent: n } : { count: n };
}

/** Most nodes that may be disrupted at once in a group of `liveNodes`; percentages round up, as Karpenter's do. */
export function disruptionLimit(budget: DisruptionBudget, liveNodes: number): number {
  if ('count' in budget) return budget.count;
  return Math.ceil((budget.percent * liveNodes) / 100);
}

/** How many more nodes may start a disruption now, given those already disrupted. */
export function allowedDisruptions(budget: DisruptionBudget, { live, disrupting }: { live: number; disrupting: number }): number {
  return Math.max(0, disruptionLimit(budget, live) - disrupting);
}
