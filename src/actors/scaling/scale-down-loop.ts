import type { ScaleDownDecision } from '../../policy/scaling/index.ts';
import type { ScalingDeps } from './deps.ts';
import { groupLabels } from './metrics.ts';
import { scaleDownRound } from './scale-down-input.ts';

/**
 * Periodically looks for nodes to remove: underused for their group's window, outside
 * cooldowns, and whose pods provably fit elsewhere. Chosen nodes go to their group, which drains
 * them within its disruption budget; kept ones are explained (Events when the reason changes).
 */
export class ScaleDownLoop {
  #deps: ScalingDeps;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** The last blocker told per node. */
  #told = new Map<string, string>();

  constructor(deps: ScalingDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#timer = setInterval(() => void this.run(), this.#deps.settings.scaleDownIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    // A standby decides nothing: it must not keep reporting the last decision's counts.
    this.#deps.metrics.unneededNodes.reset();
  }

  async run(): Promise<ScaleDownDecision | undefined> {
    if (this.#running || !this.#deps.supervisor.running) return undefined;
    this.#running = true;
    try {
      return await this.#decide();
    } catch (error) {
      this.#deps.log.error({ err: error }, 'scale-down decision failed');
      return undefined;
    } finally {
      this.#running = false;
    }
  }

  async #decide(): Promise<ScaleDownDecision> {
    const { metrics, supervisor, decisions, events } = this.#deps;
    const started = performance.now();
    const round = scaleDownRound(this.#deps);
    const decision = await this.#deps.pool.evaluateScaleDown(round.input);
    // Leadership lost while deciding: the new leader decides afresh, and a standby reports nothing.
    if (!supervisor.running) return decision;
    const byGroup = new Map<string, { names: string[]; why: string[] }>();
    for (const c of decision.chosen) {
      const vn = round.owners.get(c.node);
      if (!vn) continue;
      const entry = byGroup.get(c.group) ?? byGroup.set(c.group, { names: [], why: [] }).get(c.group)!;
      entry.names.push(vn.metadata.name);
      entry.why.push(`${c.node}: ${c.why}`);
    }
    for (const [group, { names, why }] of byGroup) {
      const slash = group.indexOf('/');
      const actor = supervisor.groupActor(group.slice(0, slash), group.slice(slash + 1));
      if (!actor) continue;
      actor.scaleDown(names, why.join('; '));
      metrics.nodesRemoved.inc(groupLabels(group), names.length);
    }
    // Every group of the decision gets a count, 0 included; deleted groups lose their series.
    metrics.unneededNodes.reset();
    for (const g of round.input.groups) metrics.unneededNodes.set(groupLabels(g.name), decision.unneededByGroup[g.name] ?? 0);
    metrics.decisionSeconds.observe({ kind: 'scale_down' }, (performance.now() - started) / 1000);
    metrics.decisions.inc({ kind: 'scale_down', result: decision.chosen.length ? 'triggered' : decision.blocked.length ? 'blocked' : 'none' });
    const at = this.#deps.now().toISOString();
    decisions.round('scale-down', at, decision.record);
    for (const c of decision.chosen) {
      decisions.verdict({ at, kind: 'scale-down', subject: c.node, outcome: 'removed', detail: c.why, record: decision.record });
      this.#told.delete(c.node);
    }
    for (const b of decision.blocked) {
      metrics.blocked.inc({ reason: b.blocker.kind });
      decisions.verdict({ at, kind: 'scale-down', subject: b.node, outcome: `blocked: ${b.blocker.kind}`, detail: b.blocker.detail, record: decision.record });
      const said = `${b.blocker.kind}:${b.blocker.detail}`;
      if (this.#told.get(b.node) === said) continue;
      this.#told.set(b.node, said);
      const node = this.#deps.informers.nodes.get(undefined, b.node);
      void events.record({ apiVersion: 'v1', kind: 'Node', name: b.node, uid: node?.metadata?.uid }, 'Normal', 'ScaleDownBlocked', `node is underused but kept: ${b.blocker.detail}`);
    }
    return decision;
  }
}
