import type { Histogram, Registry } from 'prom-client';
import type { ScaleUpLoop } from '../../src/actors/scaling/scale-up-loop.ts';
import { METRIC_PREFIX } from '../../src/infra/metrics/registry.ts';
import type { ScaleUpDecision } from '../../src/policy/scaling/index.ts';

export interface DecisionRun {
  /** performance.now() when the loop started deciding: its batching window had closed. */
  startMs: number;
  decision: ScaleUpDecision;
}

/**
 * Every scale-up decision the loop takes, with when it started. The loop calls its own `run()`
 * when the batching window closes, so wrapping that method is the one place that sees the window
 * end; the controller has no hook for it, and the bench does not change the controller.
 */
export function recordDecisions(loop: ScaleUpLoop): DecisionRun[] {
  const runs: DecisionRun[] = [];
  const run = loop.run.bind(loop);
  loop.run = async () => {
    const startMs = performance.now();
    const decision = await run();
    // A call while a decision runs only asks for one more, and an empty round decides nothing.
    if (decision) runs.push({ startMs, decision });
    return decision;
  };
  return runs;
}

/**
 * Seconds spent in scale-up decisions so far, by the controller's own histogram
 * (vpsie_autoscaler_scaling_decision_duration_seconds): reading the cache, planning, and handing
 * the counts to the NodeGroup actors — not the VPSieNode writes that follow.
 */
export async function scaleUpDecisionSeconds(registry: Registry): Promise<number> {
  const metric = registry.getSingleMetric(`${METRIC_PREFIX}scaling_decision_duration_seconds`) as Histogram | undefined;
  if (!metric) throw new Error('the controller registers no scaling_decision_duration_seconds');
  const { values } = await metric.get();
  return values.find((v) => v.metricName?.endsWith('_sum') && v.labels.kind === 'scale_up')?.value ?? 0;
}
