import type { SampleColumns, UtilisationSettings, UtilisationVerdict } from '../types.ts';

/** scaleDownPolicy defaults of the CRD. */
export const DEFAULT_CPU_THRESHOLD = 50;
export const DEFAULT_MEMORY_THRESHOLD = 50;
export const DEFAULT_OBSERVATION_WINDOW_SECONDS = 600;
export const DEFAULT_SCALE_DOWN_COOLDOWN_SECONDS = 600;

/**
 * 90% of the samples under: one spike in a window of ten does not keep a node. Three samples at
 * least: one or two readings are noise. 80% of the window spanned: a node (or an autoscaler) up
 * for a minute has not been watched for ten.
 */
export const DEFAULT_UTILISATION_SETTINGS: UtilisationSettings = { minUnderShare: 0.9, minSamples: 3, minCoverage: 0.8 };

export interface UtilisationPolicy {
  /** Percent of allocatable. */
  cpuThreshold: number;
  memoryThreshold: number;
  windowSeconds: number;
}

/**
 * Whether a node stayed under both thresholds for the window ending at `now`: at least
 * `minUnderShare` of the samples taken in the window have cpu and memory strictly under their
 * thresholds. A window of zero seconds judges the latest sample alone.
 */
export function judgeUtilisation(samples: SampleColumns | undefined, policy: UtilisationPolicy, now: number, settings: UtilisationSettings): UtilisationVerdict {
  const total = samples?.at.length ?? 0;
  const windowMs = Math.max(0, policy.windowSeconds) * 1000;
  let first = total;
  if (windowMs === 0) first = total - 1;
  else while (first > 0 && samples!.at[first - 1]! >= now - windowMs) first--;
  const count = Math.max(0, total - Math.max(first, 0));
  const cpuLimit = policy.cpuThreshold / 100;
  const memoryLimit = policy.memoryThreshold / 100;
  let under = 0;
  let cpu = 0;
  let memory = 0;
  for (let i = total - count; i < total; i++) {
    const c = samples!.cpu[i]!;
    const m = samples!.memory[i]!;
    cpu += c;
    memory += m;
    if (c < cpuLimit && m < memoryLimit) under++;
  }
  const verdict = { samples: count, underShare: count ? under / count : 0, meanCpu: count ? cpu / count : 0, meanMemory: count ? memory / count : 0 };
  if (count < (windowMs === 0 ? 1 : settings.minSamples)) return { ...verdict, under: false, why: 'TooFewSamples' };
  if (windowMs > 0 && now - samples!.at[total - count]! < settings.minCoverage * windowMs) return { ...verdict, under: false, why: 'WindowNotCovered' };
  if (under < settings.minUnderShare * count - 1e-9) return { ...verdict, under: false, why: 'OverThreshold' };
  return { ...verdict, under: true };
}
