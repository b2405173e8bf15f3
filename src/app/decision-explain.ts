/** The latest scaling verdict on one pod or node, in plain words, for `/debug/explain` and `vpsie-autoscaler explain`. */
import type { Verdict } from '../actors/scaling/decision-log.ts';
import { formatRecord } from '../policy/scaling/index.ts';

export interface ExplainQuery {
  kind: 'pod' | 'node';
  /** namespace/name of a pod, or a node name. */
  subject: string;
}

export interface Explanation {
  subject: string;
  kind: 'pod' | 'node';
  at: string;
  outcome: string;
  detail: string;
  text: string;
}

/** The server only needs a key it can look up; the CLI checks names strictly before asking. */
const POD_KEY = /^[^/\s]+\/[^/\s]+$/;

/** Exactly one of `pod=NS/NAME` or `node=NAME`, or what is wrong with the query. */
export function parseExplainQuery(params: URLSearchParams): ExplainQuery | { error: string } {
  const pod = params.get('pod');
  const node = params.get('node');
  if ((pod === null) === (node === null)) return { error: 'give exactly one of ?pod=NAMESPACE/NAME or ?node=NAME' };
  if (pod !== null) return POD_KEY.test(pod) ? { kind: 'pod', subject: pod } : { error: `pod must be NAMESPACE/NAME, got "${pod}"` };
  return node ? { kind: 'node', subject: node } : { error: 'node must not be empty' };
}

/** What a verdict's outcome (as the scaling loops record it) means for its pod or node. */
function outcomeWords(outcome: string): string {
  switch (outcome) {
    case 'new-node':
      return 'triggered a scale-up';
    case 'upcoming':
      return 'needed no new node: it fits on a node already on its way';
    case 'not-now':
      return 'did not trigger a scale-up for now';
    case 'never':
      return 'did not trigger a scale-up: no NodeGroup can host it';
    case 'removed':
      return 'was chosen for removal';
  }
  return outcome.startsWith('blocked: ') ? `was underused but kept (${outcome.slice('blocked: '.length)})` : outcome;
}

export function explain(query: ExplainQuery, v: Verdict): Explanation {
  const text = [`At ${v.at}, ${query.kind} ${v.subject} ${outcomeWords(v.outcome)}.`, `Why: ${v.detail}.`, '', 'The decision it came from:', formatRecord(v.record)].join('\n');
  return { subject: v.subject, kind: query.kind, at: v.at, outcome: v.outcome, detail: v.detail, text };
}

/**
 * Why there is nothing to explain. Verdicts live in memory on the replica that decides, so a
 * restart or a standby replica has none; most pods are scheduled without any decision at all.
 */
export function nothingToExplain(query: ExplainQuery, leadership: { isLeader: boolean; leader: string }): string {
  const why =
    query.kind === 'pod'
      ? `no scaling decision has concerned pod ${query.subject} since this controller started; it may have been scheduled without one`
      : `no scale-down decision has concerned node ${query.subject} since this controller started; it may be busy, too new to judge, or in no NodeGroup`;
  if (leadership.isLeader) return why;
  return `${why} (this replica is not the leader${leadership.leader ? `; ${leadership.leader} is` : ''}, and only the leader decides)`;
}
