/**
 * Scale-up decision throughput: 10,000 pending pods against 6 groups × 10 offerings with mixed
 * selectors, affinities and taints, inline and on the decision pool's worker, plus the crossover
 * table that sets DEFAULT_INLINE_BELOW.scaleUp. Run: node --import tsx bench/scaleup/main.ts
 */
import { createDecisionPool, DEFAULT_INLINE_BELOW, scaleUpSize } from '../../src/infra/workers/decision-pool.ts';
import { planScaleUp } from '../../src/policy/scaling/scale-up/plan.ts';
import { printTable } from '../support/table.ts';
import { type CrossoverRow, ms, printCrossover, timeRounds } from './timing.ts';
import { scaleUpRound } from './workload.ts';

const PODS = 10_000;
const RUNS = 5;
const TARGET_PODS_PER_SECOND = 5_000;
/** Karpenter's published scheduling-simulation figure for a similar mix. */
const KARPENTER_PODS_PER_SECOND = 1_300;

const worker = createDecisionPool({ maxThreads: 1, inlineBelow: 0 });
const inline = createDecisionPool({ maxThreads: 1, inlineBelow: Infinity });
try {
  const input = scaleUpRound(PODS, { upcoming: 20 });
  const decision = planScaleUp(input);
  const onInline = await timeRounds(() => inline.planScaleUp(input), RUNS);
  const onWorker = await timeRounds(() => worker.planScaleUp(input), RUNS);
  const rate = (t: number) => Math.round(PODS / (t / 1000));
  const note = `${decision.newNodes.length} new nodes in ${decision.record.rounds.length} rounds, ${decision.unplaced.length} pods unplaced`;
  printTable(`Scale-up: ${PODS} pending pods × ${input.groups.reduce((n, g) => n + g.offerings.length, 0)} offerings (median of ${RUNS})`, [
    { name: 'inline pods/s', figure: `${rate(onInline.ms)}`, target: `≥ ${TARGET_PODS_PER_SECOND}`, met: rate(onInline.ms) >= TARGET_PODS_PER_SECOND, note: `${ms(onInline.ms)} per round; ${(rate(onInline.ms) / KARPENTER_PODS_PER_SECOND).toFixed(1)}× Karpenter's ~${KARPENTER_PODS_PER_SECOND}/s; ${note}` },
    { name: 'worker pods/s', figure: `${rate(onWorker.ms)}`, target: `≥ ${TARGET_PODS_PER_SECOND}`, met: rate(onWorker.ms) >= TARGET_PODS_PER_SECOND, note: `${ms(onWorker.ms)} per round-trip; ${(rate(onWorker.ms) / KARPENTER_PODS_PER_SECOND).toFixed(1)}× Karpenter` },
    { name: 'event-loop stall, inline', figure: ms(onInline.stallMs), target: '—', met: true, note: 'the whole round blocks the loop' },
    { name: 'event-loop stall, worker', figure: ms(onWorker.stallMs), target: '< inline', met: onWorker.stallMs < onInline.stallMs, note: 'cloning the input and the decision only' },
  ]);

  const rows: CrossoverRow[] = [];
  for (const [pods, groups, offerings] of [[1, 1, 6], [20, 1, 6], [10, 6, 10], [30, 6, 10], [50, 6, 10], [100, 6, 10], [170, 6, 10], [300, 6, 10], [500, 6, 10], [1000, 6, 10]] as const) {
    const round = scaleUpRound(pods, { groups, offerings, seed: pods });
    rows.push({
      size: scaleUpSize(round),
      label: `${pods} pods × ${groups * offerings} offerings`,
      inline: await timeRounds(() => inline.planScaleUp(round), 15, 3),
      worker: await timeRounds(() => worker.planScaleUp(round), 15, 3),
    });
  }
  const threshold = printCrossover('Scale-up crossover (median of 15): inline math vs a worker round-trip', 'pods × offerings', rows);
  console.log(`DEFAULT_INLINE_BELOW.scaleUp = ${DEFAULT_INLINE_BELOW.scaleUp} (this run suggests ${threshold ?? 'never'})`);
} finally {
  await worker.close();
  await inline.close();
}
