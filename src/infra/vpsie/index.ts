export { createVpsieClient, type VpsieClient, type VpsieClientOptions } from './client.ts';
export { vpsieCheck, describeCheckFailure, type VpsieCheckOptions } from './check.ts';
export { staticCredentials, type Credentials, type CredentialsSource } from './credentials.ts';
export { DEFAULT_BASE_URL } from './auth.ts';
export type { DeleteOutcome } from './api.ts';
export type { AddedNode, ClusterInfo, ClusterNode, Datacenter, K8sOffering, Offering, Vm, VpsieNodeGroup } from './schemas.ts';
export type { AuthHeaderName } from './transport.ts';
export type { RetryOptions } from './retry.ts';
export type { RateLimitOptions } from './rateLimit.ts';
export type { CircuitBreakerOptions, CircuitState } from './circuitBreaker.ts';
export {
  VpsieError,
  VpsieAuthError,
  VpsieNotFoundError,
  VpsieRateLimitedError,
  VpsieCapacityError,
  VpsieRejectedError,
  VpsieNodeGroupExistsError,
  VpsieTransientError,
  VpsieNetworkError,
  VpsieTimeoutError,
  VpsieTlsError,
  VpsieProtocolError,
  VpsieCircuitOpenError,
  VpsieConfigError,
  VpsieClientClosedError,
  type VpsieErrorKind,
} from './errors.ts';
