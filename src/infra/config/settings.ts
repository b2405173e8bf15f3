/**
 * The settings a user can give on the command line or in the environment: each names its place
 * in the config schema, so flags, environment variables and the config file fill one schema.
 */
export interface Setting {
  /** Dotted path in the config, e.g. `lifecycle.drainTimeoutSeconds`. */
  path: string;
  flag: string;
  env: string;
  type: 'string' | 'integer' | 'boolean';
}

/** `failedTTLSeconds` → `["failed", "ttl", "seconds"]`: a run of capitals is one word. */
function words(camel: string): string[] {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase().split(' ');
}

function setting(path: string, type: Setting['type'] = 'string'): Setting {
  const parts = path.split('.').map(words);
  const flag = parts.map((w) => w.join('-')).join('-').replace(/^leader-election-/, 'leader-elect-');
  const env = `VPSIE_AUTOSCALER_${parts.map((w) => w.join('_')).join('_').toUpperCase()}`;
  return { path, flag, env, type };
}

export const SETTINGS: Setting[] = [
  setting('kubeconfig'),
  setting('logLevel'),
  setting('shutdownGraceSeconds', 'integer'),
  setting('leaderElection.enabled', 'boolean'),
  setting('leaderElection.namespace'),
  setting('leaderElection.name'),
  setting('leaderElection.identity'),
  setting('leaderElection.leaseDurationSeconds', 'integer'),
  setting('leaderElection.renewDeadlineSeconds', 'integer'),
  setting('leaderElection.retryPeriodSeconds', 'integer'),
  setting('vpsie.secretNamespace'),
  setting('vpsie.secretName'),
  setting('vpsie.baseUrl'),
  setting('vpsie.authHeader'),
  setting('vpsie.requestsPerMinute', 'integer'),
  setting('vpsie.timeoutSeconds', 'integer'),
  setting('vpsie.allowInsecureHttp', 'boolean'),
  setting('lifecycle.provisionTimeoutSeconds', 'integer'),
  setting('lifecycle.joinTimeoutSeconds', 'integer'),
  setting('lifecycle.drainTimeoutSeconds', 'integer'),
  setting('lifecycle.failedTTLSeconds', 'integer'),
  setting('lifecycle.pollIntervalMs', 'integer'),
  setting('lifecycle.claimGraceSeconds', 'integer'),
  setting('lifecycle.evictionRetrySeconds', 'integer'),
  setting('lifecycle.resyncSeconds', 'integer'),
  setting('scaling.scaleUpIdleMs', 'integer'),
  setting('scaling.scaleUpMaxMs', 'integer'),
  setting('scaling.scaleUpRecheckSeconds', 'integer'),
  setting('scaling.scaleDownIntervalSeconds', 'integer'),
  setting('scaling.metricsIntervalSeconds', 'integer'),
  setting('scaling.capacityHoldSeconds', 'integer'),
  setting('scaling.offeringsCacheSeconds', 'integer'),
  setting('scaling.workerThreads', 'integer'),
  setting('metrics.host'),
  setting('metrics.port', 'integer'),
  setting('debug.host'),
  setting('debug.port', 'integer'),
];
