import type { DecisionRecord } from '../../policy/scaling/index.ts';

/** What one decision concluded about one pod or node, in a sentence, with the round it came from. */
export interface Verdict {
  at: string;
  kind: 'scale-up' | 'scale-down';
  /** namespace/name of a pod, or a node name. */
  subject: string;
  outcome: string;
  detail: string;
  record: DecisionRecord;
}

/**
 * The latest decisions, kept for `explain` and the debug endpoint: the last verdict per pod and
 * per node, and the last rounds, bounded so a busy cluster cannot grow it without limit.
 */
export class DecisionLog {
  #bySubject = new Map<string, Verdict>();
  #rounds: Array<{ kind: Verdict['kind']; at: string; record: DecisionRecord }> = [];
  #maxSubjects: number;
  #maxRounds: number;

  constructor(maxSubjects = 50_000, maxRounds = 50) {
    this.#maxSubjects = maxSubjects;
    this.#maxRounds = maxRounds;
  }

  round(kind: Verdict['kind'], at: string, record: DecisionRecord): void {
    this.#rounds.push({ kind, at, record });
    if (this.#rounds.length > this.#maxRounds) this.#rounds.shift();
  }

  verdict(v: Verdict): void {
    const key = `${v.kind === 'scale-up' ? 'pod' : 'node'}:${v.subject}`;
    // A pod waiting for a node it triggered is still best explained by the decision that bought it.
    if (v.outcome === 'upcoming' && this.#bySubject.get(key)?.outcome === 'new-node') return;
    this.#bySubject.delete(key);
    this.#bySubject.set(key, v);
    if (this.#bySubject.size > this.#maxSubjects) this.#bySubject.delete(this.#bySubject.keys().next().value!);
  }

  forPod(namespacedName: string): Verdict | undefined {
    return this.#bySubject.get(`pod:${namespacedName}`);
  }

  forNode(name: string): Verdict | undefined {
    return this.#bySubject.get(`node:${name}`);
  }

  recentRounds(n = 10): Array<{ kind: Verdict['kind']; at: string; record: DecisionRecord }> {
    return this.#rounds.slice(-n);
  }
}
