import type { CoreV1Event } from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';
import type { KubeApi } from './api.ts';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  component: string;
  /** Where a cluster-scoped object's events go (Nodes' events live in `default`, as kubelet's do). */
  clusterScopedNamespace?: string;
  /** Repeats within this window update one Event's count instead of creating another. */
  aggregateWindowMs?: number;
  /** Events written at once; the rest wait, so a burst of decisions never floods the API server. */
  concurrency?: number;
  /** Events waiting beyond this are dropped (and counted in the log), never the decisions behind them. */
  maxQueued?: number;
  log: Logger;
  now?: () => Date;
}

interface Recent {
  name: string;
  namespace: string;
  event: CoreV1Event;
  at: number;
}

const MAX_REMEMBERED = 4096;

/**
 * Kubernetes Events for the objects the autoscaler acts on. Like client-go's recorder it folds
 * repeats of the same reason and message on the same object into one Event with a count, and it
 * never fails its caller: an Event that cannot be written is logged and dropped.
 */
export class EventRecorder {
  #api: KubeApi;
  #o: Required<Omit<EventRecorderOptions, 'now'>> & { now: () => Date };
  #recent = new Map<string, Recent>();
  #sequence = 0;
  #active = 0;
  #queue: Array<() => Promise<void>> = [];
  #dropped = 0;

  constructor(api: KubeApi, options: EventRecorderOptions) {
    this.#api = api;
    this.#o = { clusterScopedNamespace: 'default', aggregateWindowMs: 10 * 60_000, concurrency: 8, maxQueued: 10_000, now: () => new Date(), ...options };
  }

  /** Records an Event; resolves when written (or dropped). Never rejects. */
  record(object: ObjectRef, type: EventType, reason: string, message: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.#queue.length >= this.#o.maxQueued) {
        if (this.#dropped++ % 1000 === 0) this.#o.log.warn({ dropped: this.#dropped }, 'too many events waiting; dropping some');
        resolve();
        return;
      }
      this.#queue.push(() => this.#write(object, type, reason, message).then(resolve));
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#active < this.#o.concurrency && this.#queue.length) {
      const next = this.#queue.shift()!;
      this.#active++;
      void next().finally(() => {
        this.#active--;
        this.#pump();
      });
    }
  }

  async #write(object: ObjectRef, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = object.namespace || this.#o.clusterScopedNamespace;
    const key = `${object.kind}/${namespace}/${object.name}/${object.uid ?? ''}/${reason}/${message}`;
    const now = this.#o.now();
    const seen = this.#recent.get(key);
    try {
      if (seen && now.getTime() - seen.at < this.#o.aggregateWindowMs) {
        const event: CoreV1Event = { ...seen.event, count: (seen.event.count ?? 1) + 1, lastTimestamp: now };
        seen.event = await this.#api.replaceEvent(seen.namespace, seen.name, event);
        seen.at = now.getTime();
        return;
      }
      const event: CoreV1Event = {
        // Named as client-go's recorder names them: the object's name and a hex timestamp.
        metadata: { name: `${object.name}.${this.#suffix(now)}`, namespace },
        involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: object.name, namespace: object.namespace, uid: object.uid },
        type,
        reason,
        message,
        source: { component: this.#o.component },
        reportingComponent: this.#o.component,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      };
      const created = await this.#api.createEvent(namespace, event);
      this.#remember(key, { name: created.metadata!.name!, namespace, event: created, at: now.getTime() });
    } catch (error) {
      this.#recent.delete(key);
      this.#o.log.warn({ err: error, reason, object: `${object.kind}/${object.name}` }, 'could not record event');
    }
  }

  /** Nanoseconds since the epoch in hex, made unique within this recorder. */
  #suffix(now: Date): string {
    this.#sequence = (this.#sequence + 1) % 1_000_000;
    return (BigInt(now.getTime()) * 1_000_000n + BigInt(this.#sequence)).toString(16);
  }

  #remember(key: string, recent: Recent): void {
    if (this.#recent.size >= MAX_REMEMBERED) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(key, recent);
  }
}
