import { z } from 'zod';

const seconds = (d: number, max = 86_400) => z.number().int().min(1).max(max).default(d);
const port = z.number().int().min(0).max(65_535);

/** Every setting of the controller, with its default; flags, environment and a file all fill this one schema. */
export const controllerConfigSchema = z
  .object({
    kubeconfig: z.string().min(1).optional().describe('kubeconfig file (default: in-cluster service account)'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('log level'),
    shutdownGraceSeconds: z.number().int().min(0).max(600).default(20).describe("on SIGTERM, how long in-flight effects get to finish (keep it under the pod's terminationGracePeriodSeconds)"),
    leaderElection: z
      .object({
        enabled: z.boolean().default(true).describe('run for leadership on a Lease; only the leader acts'),
        namespace: z.string().min(1).default('kube-system').describe('namespace of the leader Lease'),
        name: z.string().min(1).default('vpsie-autoscaler').describe('name of the leader Lease'),
        identity: z.string().min(1).optional().describe('this replica in the Lease (default: host name and process id)'),
        leaseDurationSeconds: seconds(15, 300).describe('how long a silent leader keeps the Lease'),
        renewDeadlineSeconds: seconds(10, 300).describe('a leader that cannot renew for this long stops acting'),
        retryPeriodSeconds: seconds(2, 60).describe('how often candidates and the leader try the Lease'),
      })
      .strict()
      .prefault({}),
    vpsie: z
      .object({
        secretNamespace: z.string().min(1).default('kube-system').describe('namespace of the credentials Secret'),
        secretName: z.string().min(1).default('vpsie-secret').describe('name of the credentials Secret'),
        baseUrl: z.string().url().optional().describe('VPSie API URL (default: the Secret\'s url, else https://api.vpsie.com/v2)'),
        authHeader: z.enum(['Authorization', 'Vpsie-Auth']).default('Authorization').describe('header carrying the access token'),
        requestsPerMinute: z.number().int().min(1).max(100_000).default(100).describe('client-side rate limit'),
        timeoutSeconds: seconds(30, 600).describe('per-request timeout'),
        allowInsecureHttp: z.boolean().default(false).describe('allow an http:// URL (simulator only)'),
      })
      .strict()
      .prefault({}),
    lifecycle: z
      .object({
        provisionTimeoutSeconds: seconds(900).describe('a VPS not running after this is Failed'),
        joinTimeoutSeconds: seconds(600).describe('a Node not Ready after this is Failed'),
        drainTimeoutSeconds: seconds(600).describe('a drain not done after this is reverted'),
        failedTTLSeconds: seconds(600).describe('a Failed node is terminated after this'),
        pollIntervalMs: z.number().int().min(10).max(60_000).default(2_000).describe('how often waiting effects re-check'),
        claimGraceSeconds: seconds(120, 3600).describe('after a restart, how long a recorded provisioning intent waits for its VPS to appear'),
        evictionRetrySeconds: seconds(5, 300).describe('pause between eviction rounds refused by a PodDisruptionBudget'),
        resyncSeconds: seconds(30, 3600).describe('every group replans at least this often'),
      })
      .strict()
      .prefault({}),
    scaling: z
      .object({
        scaleUpIdleMs: z.number().int().min(0).max(60_000).default(1_000).describe('gather a burst of unschedulable pods until none arrives for this long'),
        scaleUpMaxMs: z.number().int().min(0).max(300_000).default(10_000).describe('…but decide after at most this long'),
        scaleUpRecheckSeconds: seconds(30, 3600).describe('pods still pending are reconsidered this often'),
        scaleDownIntervalSeconds: seconds(10, 3600).describe('how often underused nodes are looked for'),
        metricsIntervalSeconds: seconds(15, 3600).describe('how often node usage is read from metrics.k8s.io'),
        capacityHoldSeconds: seconds(600).describe('an offering VPSie refused for capacity is skipped this long'),
        offeringsCacheSeconds: seconds(600).describe('how long VPSie offerings and prices are cached'),
        workerThreads: z.number().int().min(0).max(16).default(1).describe('worker threads for large decisions (0: always inline)'),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        host: z.string().default('0.0.0.0').describe('address of /metrics, /healthz and /readyz'),
        port: port.default(8080).describe('port of /metrics, /healthz and /readyz'),
      })
      .strict()
      .prefault({}),
    debug: z
      .object({
        host: z.string().default('127.0.0.1').describe('address of the debug endpoints'),
        port: port.optional().describe('port of /debug/actors (off when unset)'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ControllerConfig = z.output<typeof controllerConfigSchema>;
export type ControllerConfigInput = z.input<typeof controllerConfigSchema>;
