/**
 * Scale-down candidate evaluation: 5,000 nodes × 30 pods with 40 samples each, inline and on the
 * decision pool's worker, a stress round where every unneeded node goes through the rescheduling
 * simulation, and the crossover table that sets DEFAULT_INLINE_BELOW.scaleDown.
 * Run: node --import tsx bench/scaledown/main.ts
 */
import { createDecisionPool, DEFAULT_INLINE_BELOW, scaleDownSize } from '../../src/infra/workers/decision-pool.ts';
import { evaluateScaleDown } from '../../src/policy/scaling/scale-down/evaluate.ts';
import type { ScaleDownInput } from '../../src/policy/scaling/types.ts';
import { printTable } from '../support/table.ts';
import { type CrossoverRow, ms, printCrossover, timeRounds } from '../scaleup/timing.ts';
import { scaleDownRound } from './workload.ts';

const NODES = 5_000;
const PODS_PER_NODE = 30;
const RUNS = 5;
const TARGET_MS = 1_000;

/** No PDBs, no budget, no minimum: every unneeded node without a pod blocker is simulated. */
function stress(input: ScaleDownInput): ScaleDownInput {
  return { ...input, pdbs: [], groups: input.groups.map((g) => ({ ...g, disruptionsAllowed: NODES, minNodes: 0 })) };
}

const worker = createDecisionPool({ maxThreads: 1, inlineBelow: 0 });
const inline = createDecisionPool({ maxThreads: 1, inlineBelow: Infinity });
try {
  const input = scaleDownRound(NODES, PODS_PER_NODE);
  const heavy = stress(input);
  const decision = evaluateScaleDown(input);
  const heavyDecision = evaluateScaleDown(heavy);
  const onInline = await timeRounds(() => inline.evaluateScaleDown(input), RUNS);
  const onWorker = await timeRounds(() => worker.evaluateScaleDown(input), RUNS);
  const heavyInline = await timeRounds(() => inline.evaluateScaleDown(heavy), RUNS);
  const heavyWorker = await timeRounds(() => worker.evaluateScaleDown(heavy), RUNS);
  const round = (d: typeof decision) => `${d.unneeded} unneeded, ${d.chosen.length} chosen, ${d.blocked.length} blocked`;
  printTable(`Scale-down: ${NODES} nodes × ${PODS_PER_NODE} pods, 40 samples each (median of ${RUNS})`, [
    { name: 'evaluation, inline', figure: ms(onInline.ms), target: `≤ ${TARGET_MS} ms`, met: onInline.ms <= TARGET_MS, note: round(decision) },
    { name: 'evaluation, worker round-trip', figure: ms(onWorker.ms), target: `≤ ${TARGET_MS} ms`, met: onWorker.ms <= TARGET_MS, note: 'samples packed into 3 columns and transferred' },
    { name: 'stress: all simulated, inline', figure: ms(heavyInline.ms), target: `≤ ${TARGET_MS} ms`, met: heavyInline.ms <= TARGET_MS, note: `${round(heavyDecision)}; ${heavyDecision.chosen.reduce((n, c) => n + c.moves.length, 0)} pods moved` },
    { name: 'stress: all simulated, worker', figure: ms(heavyWorker.ms), target: `≤ ${TARGET_MS} ms`, met: heavyWorker.ms <= TARGET_MS },
    { name: 'event-loop stall, inline', figure: ms(onInline.stallMs), target: '—', met: true, note: 'the whole round blocks the loop' },
    { name: 'event-loop stall, worker', figure: ms(onWorker.stallMs), target: '< inline', met: onWorker.stallMs < onInline.stallMs, note: 'packing and cloning the input, cloning the decision' },
  ]);

  const rows: CrossoverRow[] = [];
  for (const nodes of [1, 3, 10, 30, 100, 300, 1000]) {
    const small = scaleDownRound(nodes, PODS_PER_NODE, nodes);
    rows.push({
      size: scaleDownSize(small),
      label: `${nodes} nodes × ${PODS_PER_NODE} pods`,
      inline: await timeRounds(() => inline.evaluateScaleDown(small), 7, 3),
      worker: await timeRounds(() => worker.evaluateScaleDown(small), 7, 3),
    });
  }
  const threshold = printCrossover('Scale-down crossover (median of 7): inline math vs a worker round-trip', 'nodes + pods', rows);
  console.log(`DEFAULT_INLINE_BELOW.scaleDown = ${DEFAULT_INLINE_BELOW.scaleDown} (this run suggests ${threshold ?? 'never'})`);
} finally {
  await worker.close();
  await inline.close();
}
