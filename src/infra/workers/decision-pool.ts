/**
 * Scaling decisions off the event loop: a piscina pool that runs one whole evaluation round per
 * task, and runs rounds too small to be worth a worker round-trip inline. Either way the caller
 * gets a promise of the same decision (the worker runs the same pure functions).
 */
import { Piscina } from 'piscina';
import { evaluateScaleDown } from '../../policy/scaling/scale-down/evaluate.ts';
import { planScaleUp } from '../../policy/scaling/scale-up/plan.ts';
import type { ScaleDownDecision, ScaleDownInput, ScaleUpDecision, ScaleUpInput } from '../../policy/scaling/types.ts';
import { type DecisionTask, packScaleDown } from './decision-task.ts';

/**
 * Round sizes below which the math costs less than a worker round-trip. Scale-up size: pending
 * pods × offerings of all groups; scale-down size: nodes + pods on them.
 */
export interface InlineThresholds {
  scaleUp: number;
  scaleDown: number;
}

/**
 * From bench/scaleup and bench/scaledown on the 2-core machines. Scale-up: a round-trip costs
 * about 1–2 ms (cloning pods in and the decision out) and the packing overtakes it at about
 * 10,000 pods × offerings (170 pods against 60 offerings), where the event loop also stalls less
 * on the worker path; a 10,000-pod round clones in ~13 ms instead of computing for ~160 ms.
 * Scale-down: its math is a few hundred nanoseconds per pod (5,000 nodes × 30 pods in ~50 ms),
 * less than structured-cloning the pods costs on this thread (~230 ms for the same round), so
 * the worker never pays at any measured size and rounds stay inline unless a caller says otherwise.
 */
export const DEFAULT_INLINE_BELOW: InlineThresholds = { scaleUp: 10_000, scaleDown: Number.POSITIVE_INFINITY };

export interface DecisionPoolOptions {
  /** Worker threads (default 1: rounds come one at a time; the point is to leave the event loop free). */
  maxThreads?: number;
  /** A number applies to both kinds; 0 sends every round to a worker, Infinity keeps all inline. */
  inlineBelow?: number | Partial<InlineThresholds>;
}

export interface DecisionPool {
  planScaleUp(input: ScaleUpInput): Promise<ScaleUpDecision>;
  evaluateScaleDown(input: ScaleDownInput): Promise<ScaleDownDecision>;
  /** Rounds run so far, by where they ran. */
  readonly stats: { readonly inline: number; readonly worker: number };
  close(): Promise<void>;
}

export function scaleUpSize(input: ScaleUpInput): number {
  let offerings = 0;
  for (const g of input.groups) offerings += g.offerings.length;
  return input.pods.length * Math.max(1, offerings);
}

export function scaleDownSize(input: ScaleDownInput): number {
  let pods = 0;
  for (const n of input.nodes) pods += n.pods.length;
  return input.nodes.length + pods;
}

/** The worker entry next to this module: the .ts source under tsx/vitest, the compiled .js in a build. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    filename: new URL(fromSource ? './decision-worker.ts' : './decision-worker.js', import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

class PiscinaDecisionPool implements DecisionPool {
  readonly #pool: Piscina<DecisionTask, ScaleUpDecision | ScaleDownDecision>;
  readonly #inlineBelow: InlineThresholds;
  readonly #stats = { inline: 0, worker: 0 };
  #closed = false;

  constructor(options: DecisionPoolOptions) {
    const threads = options.maxThreads ?? 1;
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`maxThreads must be a positive integer, got ${threads}`);
    const inline = options.inlineBelow;
    this.#inlineBelow = typeof inline === 'number' ? { scaleUp: inline, scaleDown: inline } : { ...DEFAULT_INLINE_BELOW, ...inline };
    // As many threads kept as allowed: an idle thread costs memory, a cold one costs its start-up on the next round.
    this.#pool = new Piscina({ ...workerEntry(), minThreads: threads, maxThreads: threads });
  }

  get stats() {
    return { ...this.#stats };
  }

  planScaleUp(input: ScaleUpInput): Promise<ScaleUpDecision> {
    if (this.#closed) return Promise.reject(new Error('the decision pool is closed'));
    if (scaleUpSize(input) < this.#inlineBelow.scaleUp) return this.#inline(() => planScaleUp(input));
    this.#stats.worker++;
    return this.#pool.run({ kind: 'scaleUp', input }) as Promise<ScaleUpDecision>;
  }

  evaluateScaleDown(input: ScaleDownInput): Promise<ScaleDownDecision> {
    if (this.#closed) return Promise.reject(new Error('the decision pool is closed'));
    if (scaleDownSize(input) < this.#inlineBelow.scaleDown) return this.#inline(() => evaluateScaleDown(input));
    this.#stats.worker++;
    const { task, transferList } = packScaleDown(input);
    return this.#pool.run(task, { transferList }) as Promise<ScaleDownDecision>;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  #inline<T>(decide: () => T): Promise<T> {
    this.#stats.inline++;
    return new Promise((resolve) => resolve(decide()));
  }
}

export function createDecisionPool(options: DecisionPoolOptions = {}): DecisionPool {
  return new PiscinaDecisionPool(options);
}
