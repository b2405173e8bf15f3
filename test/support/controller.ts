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
  // The simulated cloud has no rate limit of its own; a test must not wait on the client's.
  vpsie: { requestsPerMinute: 60_000 },
  scaling: { scaleUpIdleMs: 200, scaleUpMaxMs: 2_000, scaleUpRecheckSeconds: 2, scaleDownIntervalSeconds: 1, metricsIntervalSeconds: 1 },
};

/** `now`: the controller's clock — the simulated cluster's, when the simulation runs faster than real time. */
export async function startTestController(kc: KubeConfig, overrides: ControllerConfigInput = {}, now?: () => Date) {
  const config = controllerConfigSchema.parse({
    ...FAST,
    ...overrides,
    leaderElection: { ...FAST.leaderElection, ...overrides.leaderElection },
    lifecycle: { ...FAST.lifecycle, ...overrides.lifecycle },
    scaling: { ...FAST.scaling, ...overrides.scaling },
    vpsie: { ...FAST.vpsie, ...overrides.vpsie },
  });
  const captured = captureLogger('info');
  const registry = createRegistry({ defaultMetrics: false });
  const controller: Controller = await startController(config, { kc, log: captured.log, registry, ...(now ? { now } : {}) });
  return { controller, registry, logs: captured };
}
