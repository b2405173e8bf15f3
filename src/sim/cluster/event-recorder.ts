import type { InternalClient } from '../kube/internal-client.ts';
import { rfc3339 } from '../kube/time.ts';
import type { KubeObject } from '../kube/types.ts';

export interface EventRecorderOptions {
  /** `source.component` and `reportingComponent`, e.g. `default-scheduler`. */
  component: string;
  now: () => Date;
  /** Events per object before the spam filter holds them back (client-go: 25). */
  burst?: number;
  /** How often the spam filter lets one more event through (client-go: one per 5 minutes). */
  refillMs?: number;
}

interface Series {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  series: Map<string, Series>;
}

function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: number }).code === 409;
}

/**
 * core/v1 Events as client-go's event recorder writes them: a repeat of the same event (same object,
 * type, reason and message) raises `count` and `lastTimestamp` on the existing Event, and the spam
 * filter lets each object have a burst of events and then one per refill period.
 */
export class EventRecorder {
  readonly #client: InternalClient;
  readonly #component: string;
  readonly #now: () => Date;
  readonly #burst: number;
  readonly #refillMs: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #onError: (error: unknown) => void;
  #sequence = 0;

  constructor(client: InternalClient, options: EventRecorderOptions, onError: (error: unknown) => void) {
    this.#client = client;
    this.#component = options.component;
    this.#now = options.now;
    this.#burst = options.burst ?? 25;
    this.#refillMs = options.refillMs ?? 300_000;
    this.#onError = onError;
  }

  record(object: KubeObject, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void {
    const uid = object.metadata.uid ?? '';
    const nowDate = this.#now();
    const now = nowDate.getTime();
    let bucket = this.#buckets.get(uid);
    if (!bucket) this.#buckets.set(uid, (bucket = { tokens: this.#burst, updatedAt: now, series: new Map() }));
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updatedAt) / this.#refillMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return;
    bucket.tokens -= 1;
    const key = `${type}\u0000${reason}\u0000${message}`;
    const at = rfc3339(nowDate);
    const series = bucket.series.get(key);
    if (series) {
      series.count += 1;
      this.#client
        .mergePatch('/events', series.namespace, series.name, { count: series.count, lastTimestamp: at })
        .catch((error: unknown) => {
          // Someone deleted the Event (TTL, a test): start a new one next time.
          if ((error as { code?: number }).code === 404) bucket.series.delete(key);
          else this.#onError(error);
        });
      return;
    }
    const namespace = object.metadata.namespace || 'default';
    const name = `${object.metadata.name}.${(now * 1e6 + this.#sequence++).toString(16)}`;
    bucket.series.set(key, { name, namespace, count: 1, firstTimestamp: at });
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, uid, resourceVersion: object.metadata.resourceVersion },
      reason,
      message,
      source: { component: this.#component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      action,
      reportingComponent: this.#component,
      reportingInstance: `${this.#component}-sim`,
    };
    this.#client.create('/events', namespace, event).catch((error: unknown) => {
      if (!isAlreadyExists(error)) this.#onError(error);
    });
  }

  /** Drops what is remembered about an object that is gone. */
  forget(uid: string): void {
    this.#buckets.delete(uid);
  }
}
