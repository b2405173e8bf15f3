import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { createLifecycleMetrics } from '../actors/node/metrics.ts';
import { createGroupMetrics } from '../actors/nodegroup/metrics.ts';
import { VmClaims } from '../actors/shared/vm-claims.ts';
import { Supervisor } from '../actors/supervisor.ts';
import type { ControllerConfig } from '../infra/config/schema.ts';
import { KubeApi } from '../infra/kube/api.ts';
import { EventRecorder } from '../infra/kube/events.ts';
import { LeaderElector } from '../infra/kube/leader-election.ts';
import type { Logger } from '../infra/log/logger.ts';
import { createVpsieClient, type VpsieClient } from '../infra/vpsie/index.ts';
import { SecretCredentialsSource } from '../infra/vpsie/secret-credentials.ts';
import { clusterViewOf } from './cluster-view.ts';
import { createControllerMetrics } from './metrics.ts';
import { createInformers, informersSynced, startInformers, stopInformers, type ControllerInformers } from './informers.ts';
import { OfferingHolds } from '../actors/scaling/offering-holds.ts';
import { OfferingCatalogue } from '../actors/shared/offering-catalogue.ts';
import { VpsieInventory } from '../actors/shared/vpsie-inventory.ts';
import { DecisionLog } from '../actors/scaling/decision-log.ts';
import { createScalingMetrics } from '../actors/scaling/metrics.ts';
import { MetricsPoller } from '../actors/scaling/metrics-poller.ts';
import { ScaleDownLoop } from '../actors/scaling/scale-down-loop.ts';
import { ScaleUpLoop } from '../actors/scaling/scale-up-loop.ts';
import type { ScalingDeps } from '../actors/scaling/deps.ts';
import { createDecisionPool } from '../infra/workers/decision-pool.ts';

export interface Controller {
  readonly informers: ControllerInformers;
  readonly supervisor: Supervisor;
  readonly scaleUp: ScaleUpLoop;
  readonly scaleDown: ScaleDownLoop;
  readonly metricsPoller: MetricsPoller;
  readonly decisions: DecisionLog;
  readonly vpsie: VpsieClient;
  readonly offerings: OfferingHolds;
  /** Leading (or leader election off) and acting. */
  isLeader(): boolean;
  leader(): string;
  /** Informers synced: the caches reflect the cluster. */
  isSynced(): boolean;
  /**
   * Stops acting and releases the Lease. With `graceMs`, effects in flight first get that long
   * to finish (a SIGTERM); without, they are aborted at once, as when leadership is lost.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface ControllerDeps {
  kc: KubeConfig;
  log: Logger;
  registry: Registry;
  now?: () => Date;
}

/**
 * The composition root of the controller: caches, clients, actors and leader election. Every
 * replica keeps its caches warm; only the leader's supervisor acts.
 */
export async function startController(config: ControllerConfig, deps: ControllerDeps): Promise<Controller> {
  const { kc, log, registry } = deps;
  const now = deps.now ?? (() => new Date());
  const api = new KubeApi(kc);
  const metrics = createControllerMetrics(registry);
  const informers = createInformers(kc, api, log, (resource, reason) => metrics.informerRestarted(resource, reason));
  const credentials = new SecretCredentialsSource(kc, { namespace: config.vpsie.secretNamespace, name: config.vpsie.secretName, log: log.child({ component: 'credentials' }) });
  await credentials.start();
  const secret = credentials.contents();
  const vpsie = createVpsieClient({
    credentials,
    ...(config.vpsie.baseUrl ? { baseUrl: config.vpsie.baseUrl } : {}),
    ...(secret.caPem ? { caPem: secret.caPem } : {}),
    allowInsecureHttp: config.vpsie.allowInsecureHttp,
    authHeader: config.vpsie.authHeader,
    timeoutMs: config.vpsie.timeoutSeconds * 1000,
    rateLimit: { requestsPerMinute: config.vpsie.requestsPerMinute },
    registry,
    logger: log.child({ component: 'vpsie' }),
  });
  const events = new EventRecorder(api, { component: 'vpsie-autoscaler', log, now });
  const cluster = clusterViewOf(informers);
  const offerings = new OfferingHolds(config.scaling.capacityHoldSeconds * 1000, () => now().getTime());
  const l = config.lifecycle;
  const catalogue = new OfferingCatalogue(vpsie, config.scaling.offeringsCacheSeconds * 1000, () => now().getTime());
  const supervisor = new Supervisor({
    nodeDeps: {
      kube: api,
      vpsie,
      inventory: new VpsieInventory(vpsie, l.pollIntervalMs, () => now().getTime()),
      catalogue,
      cluster,
      events,
      offerings,
      claims: new VmClaims(),
      metrics: createLifecycleMetrics(registry),
      timings: { pollMs: l.pollIntervalMs, claimGraceMs: l.claimGraceSeconds * 1000, evictionRetryMs: l.evictionRetrySeconds * 1000 },
      log: log.child({ component: 'node' }),
      now,
    },
    groupDeps: { kube: api, cluster, events, timings: { pollMs: l.pollIntervalMs }, log: log.child({ component: 'nodegroup' }), metrics: createGroupMetrics(registry), now, held: (id) => offerings.held(id) !== undefined },
    delays: {
      provisionTimeoutMs: l.provisionTimeoutSeconds * 1000,
      joinTimeoutMs: l.joinTimeoutSeconds * 1000,
      drainTimeoutMs: l.drainTimeoutSeconds * 1000,
      failedTTLMs: l.failedTTLSeconds * 1000,
      retry: { baseMs: 500, capMs: 60_000 },
    },
    groupRetry: { baseMs: 500, capMs: 60_000 },
    informers,
    resyncMs: l.resyncSeconds * 1000,
    log: log.child({ component: 'supervisor' }),
  });
  offerings.onChange(() => supervisor.refreshOfferings());
  const sc = config.scaling;
  const pool = createDecisionPool({ maxThreads: Math.max(1, sc.workerThreads), ...(sc.workerThreads === 0 ? { inlineBelow: Number.POSITIVE_INFINITY } : {}) });
  const decisions = new DecisionLog();
  const scaling: ScalingDeps = {
    informers,
    supervisor,
    catalogue,
    holds: offerings,
    pool,
    events,
    decisions,
    metrics: createScalingMetrics(registry),
    settings: {
      scaleUpIdleMs: sc.scaleUpIdleMs,
      scaleUpMaxMs: sc.scaleUpMaxMs,
      scaleUpRecheckMs: sc.scaleUpRecheckSeconds * 1000,
      scaleDownIntervalMs: sc.scaleDownIntervalSeconds * 1000,
      metricsIntervalMs: sc.metricsIntervalSeconds * 1000,
    },
    log: log.child({ component: 'scaling' }),
    now,
  };
  const scaleUp = new ScaleUpLoop(scaling);
  const scaleDown = new ScaleDownLoop(scaling);
  const metricsPoller = new MetricsPoller(kc, scaling);
  const lead = () => {
    supervisor.start();
    scaleUp.start();
    scaleDown.start();
    metricsPoller.start();
    metrics.leading(true);
  };
  const follow = () => {
    metricsPoller.stop();
    scaleDown.stop();
    scaleUp.stop();
    supervisor.stop();
    metrics.leading(false);
  };
  await startInformers(informers);

  const le = config.leaderElection;
  let elector: LeaderElector | undefined;
  if (le.enabled) {
    elector = new LeaderElector(api, {
      namespace: le.namespace,
      name: le.name,
      identity: le.identity ?? `${hostname()}_${process.pid}`,
      leaseDurationMs: le.leaseDurationSeconds * 1000,
      renewDeadlineMs: le.renewDeadlineSeconds * 1000,
      retryPeriodMs: le.retryPeriodSeconds * 1000,
      log: log.child({ component: 'leader-election' }),
      onStartedLeading: lead,
      onStoppedLeading: follow,
    });
    elector.start();
  } else {
    lead();
  }

  return {
    informers,
    supervisor,
    scaleUp,
    scaleDown,
    metricsPoller,
    decisions,
    vpsie,
    offerings,
    isLeader: () => (elector ? elector.isLeader : true),
    leader: () => (elector ? elector.leader : 'self'),
    isSynced: () => informersSynced(informers),
    async stop(options = {}) {
      if (options.graceMs !== undefined && supervisor.running) {
        metricsPoller.stop();
        scaleDown.stop();
        scaleUp.stop();
        await supervisor.quiesce(options.graceMs);
      }
      follow();
      await elector?.stop();
      await pool.close();
      stopInformers(informers);
      credentials.stop();
      await vpsie.close();
    },
  };
}
