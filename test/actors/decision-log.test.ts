import { describe, expect, it } from 'vitest';
import { DecisionLog, type Verdict } from '../../src/actors/scaling/decision-log.ts';
import type { DecisionRecord } from '../../src/policy/scaling/index.ts';

const record = {} as DecisionRecord;
const verdict = (subject: string, outcome: string, detail = outcome, kind: Verdict['kind'] = 'scale-up'): Verdict => ({ at: '2026-11-26T00:00:00Z', kind, subject, outcome, detail, record });

describe('DecisionLog', () => {
  it('keeps the latest verdict per pod and per node apart', () => {
    const log = new DecisionLog();
    log.verdict(verdict('default/a', 'never'));
    log.verdict(verdict('default/a', 'not-now'));
    log.verdict(verdict('n1', 'chosen', 'underused', 'scale-down'));
    expect(log.forPod('default/a')?.outcome).toBe('not-now');
    expect(log.forNode('n1')?.detail).toBe('underused');
    expect(log.forNode('default/a')).toBeUndefined();
  });

  it('keeps explaining a pod by the decision that bought its node while it waits for that node', () => {
    const log = new DecisionLog();
    log.verdict(verdict('default/a', 'new-node', 'NodeGroup g gets a new k8s-2-4 node'));
    log.verdict(verdict('default/a', 'upcoming', 'fits on n1, which is starting'));
    expect(log.forPod('default/a')?.detail).toBe('NodeGroup g gets a new k8s-2-4 node');
    // A later verdict of another kind (the node failed, nothing fits) replaces it.
    log.verdict(verdict('default/a', 'never'));
    expect(log.forPod('default/a')?.outcome).toBe('never');
  });

  it('forgets the oldest subjects and rounds beyond its bounds', () => {
    const log = new DecisionLog(2, 2);
    for (const s of ['default/a', 'default/b', 'default/c']) log.verdict(verdict(s, 'never'));
    expect(log.forPod('default/a')).toBeUndefined();
    expect(log.forPod('default/c')).toBeDefined();
    for (const at of ['1', '2', '3']) log.round('scale-up', at, record);
    expect(log.recentRounds(10).map((r) => r.at)).toEqual(['2', '3']);
  });
});
