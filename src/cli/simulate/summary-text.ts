import type { RunSummary } from '../../sim/cluster/run-summary.ts';

/** The run's summary for a person; `--json` prints the same figures for a program. */
export function summaryText(s: RunSummary): string {
  const t = s.pods.secondsToSchedule;
  return [
    `summary over ${s.simulatedSeconds}s of simulated time:`,
    `  nodes: ${s.nodes.created} created, ${s.nodes.deleted} deleted; ${s.nodes.start} at the start, ${s.nodes.peak} at the peak, ${s.nodes.end} at the end; ${s.nodes.withoutVPSieNode} VM(s) without a VPSieNode`,
    `  pods: ${s.pods.scheduled} scheduled (waited p50 ${t.p50}s, p95 ${t.p95}s, max ${t.max}s), ${s.pods.stillPending} still pending`,
    `  cost per hour (${s.costPerHour.currency}): ${s.costPerHour.start} at the start, ${s.costPerHour.peak} at the peak, ${s.costPerHour.end} at the end`,
  ].join('\n');
}
