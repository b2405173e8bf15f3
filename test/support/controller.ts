import type { KubeConfig } from '@kubernetes/client-node';
import { startController, type Controller } from '../../src/app/controller.ts';
import type { ControllerConfigInput } from '../../src/infra/config/schema.ts';
import { controllerConfigSchema } from '../../src/infra/config/schema.ts';
import { createRegistry } from '../../src/infra/metrics/registry.ts';
import { captureLogger } from './log.ts';

/** Fast settings for tests: the simulated cluster runs accelerated, the controller polls often. */
export const FAST: ControllerConfigInput = {
  leaderElection: { enabled: false },
  lifecycle: { pollIntervalMs: 50, claimGraceSeconds: 5, evictionRetrySeconds: 1, resyncSeconds: 2 },
};

export async function startTestController(kc: KubeConfig, overrides: ControllerConfigInput = {}) {
  const config = controllerConfigSchema.parse({
    ...FAST,
    ...overrides,
    leaderElection: { ...FAST.leaderElection, ...overrides.leaderElection },
    lifecycle: { ...FAST.lifecycle, ...overrides.lifecycle },
  });
  const captured = captureLogger('info');
  const registry = createRegistry({ defaultMetrics: false });
  const controller: Controller = await startController(config, { kc, log: captured.log, registry });
  return { controller, registry, logs: captured };
}
