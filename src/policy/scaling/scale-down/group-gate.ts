import type { ScaleDownGateKind, ScaleDownGroup } from '../types.ts';
import {
  DEFAULT_CPU_THRESHOLD,
  DEFAULT_MEMORY_THRESHOLD,
  DEFAULT_OBSERVATION_WINDOW_SECONDS,
  DEFAULT_SCALE_DOWN_COOLDOWN_SECONDS,
  type UtilisationPolicy,
} from './utilisation.ts';

export interface GroupGate {
  kind: ScaleDownGateKind;
  detail: string;
}

/** The group's scaleDownPolicy with the CRD's defaults filled in. */
export function policyOf(group: ScaleDownGroup): UtilisationPolicy & { enabled: boolean; cooldownSeconds: number } {
  const p = group.scaleDownPolicy ?? {};
  return {
    enabled: p.enabled !== false,
    cpuThreshold: p.cpuThreshold ?? DEFAULT_CPU_THRESHOLD,
    memoryThreshold: p.memoryThreshold ?? DEFAULT_MEMORY_THRESHOLD,
    windowSeconds: p.stabilizationWindowSeconds ?? DEFAULT_OBSERVATION_WINDOW_SECONDS,
    cooldownSeconds: p.cooldownSeconds ?? DEFAULT_SCALE_DOWN_COOLDOWN_SECONDS,
  };
}

/** Why none of the group's nodes may go now, if so: scale-down disabled, or within cooldownSeconds of its last scale-up or scale-down. */
export function groupGate(group: ScaleDownGroup, now: number): GroupGate | undefined {
  const p = policyOf(group);
  if (!p.enabled) return { kind: 'ScaleDownDisabled', detail: 'scaleDownPolicy.enabled is false' };
  const cooldownMs = p.cooldownSeconds * 1000;
  for (const [event, at] of [['scale-up', group.lastScaleUpAt], ['scale-down', group.lastScaleDownAt]] as const) {
    if (at !== undefined && now < at + cooldownMs) {
      return { kind: 'Cooldown', detail: `the last ${event} was ${Math.floor((now - at) / 1000)}s ago; cooldownSeconds is ${p.cooldownSeconds}` };
    }
  }
  return undefined;
}
