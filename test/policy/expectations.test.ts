import { describe, expect, it } from 'vitest';
import { EXPECTATION_TTL_MS, expectationsOf, expectedNodes, openExpectations } from '../../src/policy/expectations.ts';
import { node } from './support.ts';

const created = node('new-1', 'Pending', 5_000);

describe('expectations', () => {
  it('records created nodes, drains and removals, each until the TTL', () => {
    const e = expectationsOf({ drain: [{ name: 'a', reason: 'r' }], remove: [{ name: 'b', reason: 'drained' }] }, [created], 1_000);
    expect(e).toEqual([
      { kind: 'create', node: created, until: 1_000 + EXPECTATION_TTL_MS },
      { kind: 'drain', name: 'a', until: 1_000 + EXPECTATION_TTL_MS },
      { kind: 'remove', name: 'b', until: 1_000 + EXPECTATION_TTL_MS },
    ]);
  });

  it('shows a created node until the list has it', () => {
    const e = expectationsOf({ drain: [], remove: [] }, [created], 0);
    expect(expectedNodes([], openExpectations(e, [], 1))).toEqual([created]);
    const listed = [{ ...created, phase: 'Provisioning' as const }];
    expect(openExpectations(e, listed, 1)).toEqual([]);
  });

  it('shows a drained node as Draining while the list still says Active', () => {
    const e = expectationsOf({ drain: [{ name: 'a', reason: 'r' }], remove: [] }, [], 0);
    const stale = [node('a', 'Active')];
    expect(expectedNodes(stale, openExpectations(e, stale, 1))).toEqual([node('a', 'Draining')]);
    expect(openExpectations(e, [node('a', 'Draining')], 1)).toEqual([]);
    expect(openExpectations(e, [], 1)).toEqual([]);
  });

  it('shows a removed node as Terminating until the list shows it terminating or gone', () => {
    const e = expectationsOf({ drain: [], remove: [{ name: 'b', reason: 'drained' }] }, [], 0);
    const stale = [node('b', 'Drained')];
    expect(expectedNodes(stale, openExpectations(e, stale, 1))).toEqual([node('b', 'Terminating')]);
    for (const phase of ['Terminating', 'Deleting', 'Deleted'] as const) expect(openExpectations(e, [node('b', phase)], 1), phase).toEqual([]);
    expect(openExpectations(e, [], 1)).toEqual([]);
  });

  it('trusts the list again once an expectation expires', () => {
    const e = expectationsOf({ drain: [], remove: [] }, [created], 0);
    expect(openExpectations(e, [], EXPECTATION_TTL_MS - 1)).toHaveLength(1);
    expect(openExpectations(e, [], EXPECTATION_TTL_MS)).toEqual([]);
  });

  it('leaves the node list untouched without expectations', () => {
    const nodes = [node('a', 'Active')];
    expect(expectedNodes(nodes, [])).toBe(nodes);
  });
});
