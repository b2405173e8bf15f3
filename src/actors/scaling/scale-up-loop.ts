import type { V1Pod } from '@kubernetes/client-node';
import type { ScaleUpDecision } from '../../policy/scaling/index.ts';
import type { ScalingDeps } from './deps.ts';
import { groupLabels } from './metrics.ts';
import { isUnschedulable, podKey } from './pods.ts';
import { scaleUpRound } from './scale-up-input.ts';

function podRef(pod: V1Pod) {
  return { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, namespace: pod.metadata!.namespace, uid: pod.metadata?.uid };
}

/**
 * Turns bursts of Unschedulable pods into scale-up decisions: pods are gathered until none
 * arrives for the idle time (or the maximum wait passes), so a burst of 200 is one decision, not
 * a loop of +1; one decision runs at a time, and pods arriving meanwhile earn exactly one more.
 */
export class ScaleUpLoop {
  #deps: ScalingDeps;
  #idle: NodeJS.Timeout | undefined;
  #max: NodeJS.Timeout | undefined;
  #recheck: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #stopped = true;
  /** Pods pending at the last decision: while any were, the recheck decides again, so the gauges see them go. */
  #pending = 0;
  /** The last Event message per pod, so a pod hears about a change of verdict once. */
  #told = new Map<string, string>();

  constructor(deps: ScalingDeps) {
    this.#deps = deps;
    deps.informers.pods.on({
      add: (p) => this.#observe(p),
      update: (p) => this.#observe(p),
      delete: (p) => this.#told.delete(podKey(p)),
    });
  }

  start(): void {
    this.#stopped = false;
    this.#recheck = setInterval(() => {
      // A burst being gathered gets its decision when the window closes, not half-way through it.
      if (this.#idle) return;
      if (this.#pending > 0 || this.#deps.informers.pods.list().some(isUnschedulable)) void this.run();
    }, this.#deps.settings.scaleUpRecheckMs);
    this.#recheck.unref();
    if (this.#deps.informers.pods.list().some(isUnschedulable)) this.#trigger();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#idle);
    clearTimeout(this.#max);
    clearInterval(this.#recheck);
    this.#idle = this.#max = undefined;
    // A standby decides nothing: it must not keep reporting the last decision's pods and groups.
    this.#pending = 0;
    this.#deps.metrics.pendingPods.reset();
    this.#deps.metrics.atMax.reset();
  }

  #observe(pod: V1Pod): void {
    if (!this.#stopped && isUnschedulable(pod)) this.#trigger();
  }

  #trigger(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#fire(), this.#deps.settings.scaleUpIdleMs);
    this.#idle.unref();
    if (!this.#max) {
      this.#max = setTimeout(() => this.#fire(), this.#deps.settings.scaleUpMaxMs);
      this.#max.unref();
    }
  }

  #fire(): void {
    clearTimeout(this.#idle);
    clearTimeout(this.#max);
    this.#idle = this.#max = undefined;
    void this.run();
  }

  /** One decision now (tests and the recheck call it directly). */
  async run(): Promise<ScaleUpDecision | undefined> {
    if (this.#stopped || !this.#deps.supervisor.running) return undefined;
    if (this.#running) {
      this.#again = true;
      return undefined;
    }
    this.#running = true;
    try {
      return await this.#decide();
    } catch (error) {
      this.#deps.log.error({ err: error }, 'scale-up decision failed');
      return undefined;
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        void this.run();
      }
    }
  }

  async #decide(): Promise<ScaleUpDecision | undefined> {
    const { metrics } = this.#deps;
    const started = performance.now();
    const round = await scaleUpRound(this.#deps);
    // Leadership lost while deciding: the new leader decides afresh, and a standby reports nothing.
    if (this.#stopped) return undefined;
    this.#pending = round.input.pods.length;
    metrics.pendingPods.set(round.input.pods.length);
    if (round.input.pods.length === 0) {
      this.#recordAtMax(round.input.groups, new Set());
      return undefined;
    }
    const decision = await this.#deps.pool.planScaleUp(round.input);
    if (this.#stopped) return undefined;
    this.#recordAtMax(round.input.groups, new Set(decision.unplaced.flatMap((u) => u.reasons.filter((r) => r.kind === 'AtMaxNodes').map((r) => r.group))));
    for (const s of decision.scaleUps) {
      const actor = round.actors.get(s.group);
      if (!actor) continue;
      const pods = decision.newNodes.filter((n) => n.group === s.group && n.offeringID === s.offeringID).reduce((n, node) => n + node.pods.length, 0);
      actor.scaleUp(s.count, `${pods} unschedulable pod(s) need ${s.count} new node(s) of ${s.offeringID}`, s.offeringID);
      metrics.nodesAdded.inc({ ...groupLabels(s.group), offering: s.offeringID }, s.count);
    }
    metrics.decisionSeconds.observe({ kind: 'scale_up' }, (performance.now() - started) / 1000);
    metrics.decisions.inc({ kind: 'scale_up', result: decision.scaleUps.length ? 'triggered' : decision.unplaced.length ? 'none' : 'upcoming' });
    this.#explain(decision, round.pods);
    return decision;
  }

  /** Every group of the decision gets a value; deleted groups lose their series. */
  #recordAtMax(groups: ReadonlyArray<{ name: string }>, capped: ReadonlySet<string>): void {
    const { atMax } = this.#deps.metrics;
    atMax.reset();
    for (const g of groups) atMax.set(groupLabels(g.name), capped.has(g.name) ? 1 : 0);
  }

  #explain(decision: ScaleUpDecision, pods: Map<string, V1Pod>): void {
    const at = this.#deps.now().toISOString();
    const { decisions, events } = this.#deps;
    decisions.round('scale-up', at, decision.record);
    const tell = (key: string, type: 'Normal' | 'Warning', reason: string, message: string, outcome: string) => {
      const pod = pods.get(key);
      if (!pod) return;
      decisions.verdict({ at, kind: 'scale-up', subject: key, outcome, detail: message, record: decision.record });
      const said = `${reason}:${message}`;
      if (this.#told.get(key) === said) return;
      this.#told.set(key, said);
      void events.record(podRef(pod), type, reason, message);
    };
    for (const node of decision.newNodes) {
      for (const key of node.pods) tell(key, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: NodeGroup ${node.group} gets a new ${node.offeringID} node`, 'new-node');
    }
    for (const u of decision.upcoming) {
      for (const key of u.pods) decisions.verdict({ at, kind: 'scale-up', subject: key, outcome: 'upcoming', detail: `fits on ${u.node}, which is starting`, record: decision.record });
    }
    for (const u of decision.unplaced) {
      const why = u.reasons.map((r) => `${r.group}: ${r.detail}`).join('; ');
      tell(u.pod, 'Normal', 'NotTriggerScaleUp', `pod didn't trigger scale-up${u.notNow ? ' (not now)' : ''}: ${why || 'no NodeGroup'}`, u.notNow ? 'not-now' : 'never');
    }
  }
}
