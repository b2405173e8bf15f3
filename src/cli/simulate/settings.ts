import { controllerConfigSchema, type ControllerConfig } from '../../infra/config/schema.ts';
import { AUTOSCALER_SERVICE_ACCOUNT } from '../../sim/deploy-access.ts';

/**
 * The controller's settings for a simulation running `timeScale` times faster than real time.
 * Durations the controller measures on the simulated clock (cooldowns, windows, holds) stay as
 * they are; those it measures in real time (polls, timeouts, batching, the VPSie rate limit) are
 * shrunk by the time scale, so the autoscaler behaves in simulated time as it would in real time.
 */
export function simulatedControllerConfig(timeScale: number, logLevel: string): ControllerConfig {
  const seconds = (s: number) => Math.max(1, Math.round(s / timeScale));
  const ms = (m: number) => Math.max(10, Math.round(m / timeScale));
  return controllerConfigSchema.parse({
    logLevel,
    shutdownGraceSeconds: 5,
    leaderElection: { enabled: true, namespace: AUTOSCALER_SERVICE_ACCOUNT.namespace, name: 'vpsie-autoscaler', identity: 'simulate', retryPeriodSeconds: 1 },
    vpsie: { requestsPerMinute: Math.min(100_000, Math.round(100 * timeScale)), timeoutSeconds: seconds(30) },
    lifecycle: {
      provisionTimeoutSeconds: seconds(900),
      joinTimeoutSeconds: seconds(600),
      drainTimeoutSeconds: seconds(600),
      failedTTLSeconds: seconds(600),
      pollIntervalMs: ms(2_000),
      evictionRetrySeconds: seconds(5),
      resyncSeconds: seconds(30),
    },
    scaling: {
      scaleUpIdleMs: ms(1_000),
      scaleUpMaxMs: ms(10_000),
      scaleUpRecheckSeconds: seconds(30),
      scaleDownIntervalSeconds: seconds(10),
      metricsIntervalSeconds: seconds(15),
    },
  });
}
