import { createActor, type Actor } from 'xstate';
import { ANNOTATIONS, type VPSieNode } from '../../api/v1alpha1.ts';
import type { GroupLabels } from '../../infra/metrics/registry.ts';
import { phaseOf, utilisationWindow, type NodeLifecycleMachine, type NodePhase } from '../../machines/nodeLifecycle.ts';
import { sleep } from '../shared/abortable.ts';
import type { NodeEffectDeps } from './deps.ts';
import { machineName } from './machine.ts';
import { vpsieNodeRef } from './refs.ts';
import { persistPhase, type NodeRef } from './status.ts';

export interface Transition {
  at: string;
  from: NodePhase | '';
  to: NodePhase;
  reason?: string;
}

const HISTORY = 20;
/** Phases with no effect of their own: the actor persists them when they are entered. */
const PERSISTED_ON_ENTRY = new Set<NodePhase>(['Active', 'Drained']);

/** What `/debug/actors` shows of a node actor. */
export interface NodeActorView {
  kind: 'node';
  name: string;
  nodeGroup: string;
  phase: NodePhase;
  state: unknown;
  context: Record<string, unknown>;
  transitions: Transition[];
}

/**
 * One VPSieNode's actor: runs the lifecycle machine, turns what the informers see of the
 * VPSieNode and its Node into machine events, persists the phases that have no effect of their
 * own, and keeps the last transitions for the debug endpoint.
 */
export class NodeActor {
  readonly ref: NodeRef;
  readonly nodeGroup: string;
  #labels: GroupLabels;
  #actor: Actor<NodeLifecycleMachine>;
  #deps: NodeEffectDeps;
  #phase: NodePhase | '' = '';
  #history: Transition[] = [];
  #enteredAt = Date.now();
  #stopped = false;

  constructor(deps: NodeEffectDeps, machine: NodeLifecycleMachine, vn: VPSieNode, onGone: (actor: NodeActor) => void) {
    this.#deps = deps;
    this.ref = { namespace: vn.metadata.namespace!, name: vn.metadata.name };
    this.nodeGroup = vn.spec.nodeGroupName;
    this.#labels = { namespace: this.ref.namespace, nodegroup: this.nodeGroup };
    const status = vn.status ?? {};
    this.#actor = createActor(machine, {
      input: {
        name: machineName(this.ref),
        ...(status.phase ? { phase: status.phase } : {}),
        ...(status.phase === 'Failed' ? { failure: { reason: status.reason ?? 'Unknown', ...(status.message ? { message: status.message } : {}) } } : {}),
        ...(status.vpsieInstanceID !== undefined ? { instanceId: status.vpsieInstanceID } : {}),
        ...(status.hostname ? { hostname: status.hostname } : {}),
        ...(status.nodeName ? { nodeName: status.nodeName } : {}),
        ...(vn.metadata.annotations?.[ANNOTATIONS.drainRequest] ? { drainReason: vn.metadata.annotations[ANNOTATIONS.drainRequest] } : {}),
      },
    });
    this.#actor.subscribe({
      next: (snapshot) => {
        const phase = phaseOf(snapshot);
        if (phase !== this.#phase) this.#entered(phase, snapshot.context);
        if (snapshot.status === 'done') onGone(this);
      },
      error: (error) => deps.log.error({ err: error, vpsieNode: machineName(this.ref) }, 'node actor failed'),
    });
  }

  start(): void {
    this.#actor.start();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#actor.stop();
    // The node stays in its phase, but no longer as this process's: a standby must not report it.
    this.#deps.metrics.released(this.#labels, this.#phase);
  }

  get phase(): NodePhase {
    return phaseOf(this.#actor.getSnapshot());
  }

  /** A newer VPSieNode from the informer: deletion and drain requests become events. */
  observe(vn: VPSieNode): void {
    if (vn.metadata.deletionTimestamp) {
      this.#actor.send({ type: 'DELETE_REQUESTED' });
      return;
    }
    const drainReason = vn.metadata.annotations?.[ANNOTATIONS.drainRequest];
    if (drainReason !== undefined && this.phase === 'Active') this.#actor.send({ type: 'DRAIN', reason: drainReason || 'requested by annotation' });
  }

  /** The node's Kubernetes Node went away while the VPS should be running. */
  nodeLost(reason: string): void {
    this.#actor.send({ type: 'NODE_LOST', reason });
  }

  sample(cpu: number, memory: number, at: number): void {
    this.#actor.send({ type: 'SAMPLE', cpu, memory, at });
  }

  /** Utilisation samples at or after `since`, for the scale-down decision. */
  utilisation(since: number) {
    return utilisationWindow(this.#actor.getSnapshot().context, since);
  }

  view(): NodeActorView {
    const snapshot = this.#actor.getSnapshot();
    const { samples, ...context } = snapshot.context;
    return {
      kind: 'node',
      name: machineName(this.ref),
      nodeGroup: this.nodeGroup,
      phase: phaseOf(snapshot),
      state: snapshot.value,
      context: { ...context, samples: samples?.size ?? 0 },
      transitions: [...this.#history],
    };
  }

  #entered(phase: NodePhase, context: { failure?: { reason: string; message?: string }; drainFailure?: { reason: string; message?: string }; drainReason?: string }): void {
    const from = this.#phase;
    this.#phase = phase;
    const now = this.#deps.now();
    const reason = phase === 'Failed' ? context.failure?.reason : phase === 'Active' && from === 'Draining' ? context.drainFailure?.reason : phase === 'Draining' ? context.drainReason : undefined;
    this.#history.push({ at: now.toISOString(), from, to: phase, ...(reason ? { reason } : {}) });
    if (this.#history.length > HISTORY) this.#history.shift();
    this.#deps.metrics.transition(this.#labels, from, phase);
    if (phase === 'Active' && from === 'Joining') this.#deps.metrics.provisioned(this.#labels, (now.getTime() - this.#enteredAt) / 1000);
    if (from === '' || phase === 'Provisioning') this.#enteredAt = now.getTime();
    if (PERSISTED_ON_ENTRY.has(phase)) void this.#persistEntry(phase, reason, from === 'Joining');
  }

  /** Persists a phase entered without an effect, retrying until written or the phase is left. */
  async #persistEntry(phase: NodePhase, reason: string | undefined, joined: boolean): Promise<void> {
    const fields = phase === 'Active' ? { reason: reason ?? 'Ready', message: reason ? 'drain stopped; node back in service' : 'node joined and is Ready' } : { reason: 'Drained', message: 'all pods evicted' };
    for (let attempt = 0; this.#phase === phase && !this.#stopped; attempt++) {
      try {
        const vn = await persistPhase(this.#deps, this.ref, phase as 'Active' | 'Drained', fields);
        // Only a node that just joined says so: a restarted controller restoring Active nodes stays quiet.
        if (vn && joined && attempt === 0) void this.#deps.events.record(vpsieNodeRef(vn), 'Normal', 'NodeReady', `Node ${vn.status?.nodeName ?? ''} joined and is Ready`);
        // A drain asked for while the node was not yet Active is acted on now.
        const latest = this.#deps.cluster.vpsieNode(this.ref.namespace, this.ref.name);
        if (latest) this.observe(latest);
        return;
      } catch (error) {
        this.#deps.log.warn({ err: error, vpsieNode: machineName(this.ref), phase }, 'could not record phase; retrying');
        await sleep(Math.min(30_000, 500 * 2 ** attempt)).catch(() => undefined);
      }
    }
  }
}

