/** Timing helpers shared by the scaling benchmarks: medians of repeated runs and the event loop's longest stall. */
import { median } from '../support/table.ts';

export interface Timed {
  /** Median wall time of a round, ms. */
  ms: number;
  /** Median of the longest time the event loop could not turn during a round, ms. */
  stallMs: number;
}

/**
 * Runs `round` `runs` times after `warmUp` unmeasured runs. A 1 ms interval timer (not a busy
 * loop, so a worker thread keeps the other core) records the longest gap between its ticks while
 * each round is in flight: for an inline round that is the whole computation; for a worker round,
 * only the cloning on this thread.
 */
export async function timeRounds(round: () => Promise<unknown>, runs: number, warmUp = 1): Promise<Timed> {
  for (let i = 0; i < warmUp; i++) await round();
  const times: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < runs; i++) {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    longest = 0;
    last = performance.now();
    const start = performance.now();
    await round();
    const end = performance.now();
    clearInterval(ticker);
    longest = Math.max(longest, end - last);
    times.push(end - start);
    stalls.push(longest);
  }
  return { ms: median(times), stallMs: median(stalls) };
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${(value * 1000).toFixed(0)} µs`;
}

export interface CrossoverRow {
  size: number;
  label: string;
  inline: Timed;
  worker: Timed;
}

/** Prints the crossover table; returns the smallest size from which every larger one pays for a worker, if there is one. */
export function printCrossover(title: string, unit: string, rows: readonly CrossoverRow[]): number | undefined {
  console.log(`\n${title}\n`);
  const header = [unit, 'round', 'inline', 'worker round-trip', 'overhead', 'stall inline', 'stall worker', 'cheaper'];
  const lines = rows.map((r) => {
    const overhead = r.worker.ms - r.inline.ms;
    return [String(r.size), r.label, ms(r.inline.ms), ms(r.worker.ms), ms(overhead), ms(r.inline.stallMs), ms(r.worker.stallMs), r.inline.ms < overhead ? 'inline' : 'worker'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(fmt(l));
  let threshold = rows.at(-1)!.size + 1;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (r.inline.ms < r.worker.ms - r.inline.ms) break;
    threshold = r.size;
  }
  const never = threshold > rows.at(-1)!.size;
  console.log(`\nthe math outweighs the round-trip ${never ? `at no size up to ${rows.at(-1)!.size}` : `from ${unit} ≈ ${threshold}`}\n`);
  return never ? undefined : threshold;
}
