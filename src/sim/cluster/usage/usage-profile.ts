import { bytes, cpuMillis, isQuantity } from '../../../common/quantity.ts';

/** CPU (millicores) and memory (bytes) in use. */
export interface Usage {
  cpu: number;
  memory: number;
}

/** A usage level from a point in simulated time on; either part may be left as it was. */
export interface UsagePoint {
  at: number;
  cpu?: number;
  memory?: number;
}

/** Steps through `points` (sorted by time): the value at `t` is the last one set at or before it. */
export function usageAt(points: readonly UsagePoint[], t: number): Partial<Usage> {
  const out: Partial<Usage> = {};
  for (const p of points) {
    if (p.at > t) break;
    if (p.cpu !== undefined) out.cpu = p.cpu;
    if (p.memory !== undefined) out.memory = p.memory;
  }
  return out;
}

export const USAGE_ANNOTATION = 'sim.vpsie.com/usage';

/** The `sim.vpsie.com/usage` annotation: `{"cpu":"200m","memory":"300Mi"}` (either key optional); undefined when malformed. */
export function parseUsageAnnotation(text: string | undefined): Partial<Usage> | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { cpu, memory } = value as Record<string, unknown>;
  if ((cpu !== undefined && !isQuantity(cpu)) || (memory !== undefined && !isQuantity(memory))) return undefined;
  return { ...(cpu !== undefined ? { cpu: cpuMillis(cpu as string) } : {}), ...(memory !== undefined ? { memory: bytes(memory as string) } : {}) };
}
