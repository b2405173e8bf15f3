import type { V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';
import type { KubeApi } from './api.ts';
import { isAlreadyExists, isConflict } from './errors.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  log: Logger;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  onNewLeader?(identity: string): void;
}

type MicroTime = Date;

/**
 * Leader election on a coordination.k8s.io Lease, as client-go's leaderelection does it: a
 * candidate takes the Lease only when its holder has not renewed it for a whole lease duration
 * as observed on this machine's clock (never the holder's timestamps, which may be skewed), every
 * write is a compare-and-swap on the resourceVersion, and a leader that cannot renew within the
 * renew deadline stops leading before anyone else can start.
 */
export class LeaderElector {
  #api: KubeApi;
  #o: Required<Omit<LeaderElectionOptions, 'onNewLeader'>> & Pick<LeaderElectionOptions, 'onNewLeader'>;
  #leading = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #observed: { holder: string; resourceVersion: string; at: number } | undefined;
  #lastRenew = 0;
  #lease: V1Lease | undefined;
  #knownLeader = '';
  /** The round in flight: stop waits for it, so no round acquires or renews after a release. */
  #round: Promise<void> = Promise.resolve();
  /** Whether the last round holds the Lease (a round finishing during stop may have just taken it). */
  #held = false;

  constructor(api: KubeApi, options: LeaderElectionOptions) {
    this.#api = api;
    this.#o = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...options };
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  get leader(): string {
    return this.#knownLeader;
  }

  start(): void {
    this.#stopped = false;
    this.#round = this.#tick();
  }

  /**
   * Stops competing. A leader releases the Lease so a standby takes over at once; without
   * `release` (as after a crash) the standby waits out the lease duration.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#round;
    const holds = this.#leading || this.#held;
    this.#setLeading(false);
    if (!holds) return;
    const lease = this.#lease;
    if (!lease || options.release === false) return;
    const now = new Date();
    try {
      await this.#api.replaceLease({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now as MicroTime },
      });
    } catch (error) {
      this.#o.log.warn({ err: error }, 'could not release the leader lease; it will expire');
    }
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    try {
      const held = await this.#tryAcquireOrRenew();
      this.#held = held;
      // Stopped meanwhile: stop() releases what this round may have taken; it must not start leading.
      if (this.#stopped) return;
      if (held) this.#lastRenew = Date.now();
      if (this.#leading && !held && Date.now() - this.#lastRenew > this.#o.renewDeadlineMs) this.#setLeading(false);
      if (!this.#leading && held) this.#setLeading(true);
    } catch (error) {
      this.#o.log.warn({ err: error }, 'leader election round failed');
      if (this.#leading && Date.now() - this.#lastRenew > this.#o.renewDeadlineMs) this.#setLeading(false);
    }
    if (this.#stopped) return;
    this.#timer = setTimeout(() => (this.#round = this.#tick()), this.#o.retryPeriodMs);
    this.#timer.unref();
  }

  #setLeading(leading: boolean): void {
    if (this.#leading === leading) return;
    this.#leading = leading;
    this.#o.log.info({ identity: this.#o.identity, lease: `${this.#o.namespace}/${this.#o.name}` }, leading ? 'became leader' : 'stopped leading');
    if (leading) this.#o.onStartedLeading();
    else this.#o.onStoppedLeading();
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.#o;
    const now = new Date();
    const durationSeconds = Math.ceil(this.#o.leaseDurationMs / 1000);
    const current = await this.#api.getLease(namespace, name);
    if (!current) {
      try {
        this.#lease = await this.#api.createLease({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: now as MicroTime, renewTime: now as MicroTime, leaseTransitions: 0 },
        });
        this.#noteLeader(identity);
        return true;
      } catch (error) {
        if (isAlreadyExists(error)) return false;
        throw error;
      }
    }
    const holder = current.spec?.holderIdentity ?? '';
    const rv = current.metadata?.resourceVersion ?? '';
    // Expiry is judged by when this process last saw the record change, not by its timestamps.
    if (!this.#observed || this.#observed.resourceVersion !== rv) this.#observed = { holder, resourceVersion: rv, at: Date.now() };
    const leaseMs = (current.spec?.leaseDurationSeconds ?? durationSeconds) * 1000;
    const expired = holder === '' || Date.now() - this.#observed.at > leaseMs;
    this.#noteLeader(holder);
    if (holder !== identity && !expired) return false;
    const takingOver = holder !== identity;
    try {
      this.#lease = await this.#api.replaceLease({
        ...current,
        spec: {
          ...current.spec,
          holderIdentity: identity,
          leaseDurationSeconds: durationSeconds,
          renewTime: now as MicroTime,
          ...(takingOver ? { acquireTime: now as MicroTime, leaseTransitions: (current.spec?.leaseTransitions ?? 0) + 1 } : {}),
        },
      });
      this.#observed = { holder: identity, resourceVersion: this.#lease.metadata?.resourceVersion ?? '', at: Date.now() };
      this.#noteLeader(identity);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  #noteLeader(identity: string): void {
    if (identity && identity !== this.#knownLeader) {
      this.#knownLeader = identity;
      this.#o.onNewLeader?.(identity);
    }
  }
}
