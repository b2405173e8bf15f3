/**
 * Decision records: what a decision saw, what it weighed and why it chose, as plain JSON that the
 * lead stores and `explain` prints (`formatRecord`). Counts rather than lists where inputs are
 * large, so a record of a 10,000-pod round stays small.
 */
import type { BlockerKind, NoScaleUpKind, ScaleDownGateKind } from './types.ts';

/** One way of placing pending pods: `nodes` new nodes of `offeringID` in `group`. */
export interface ScaleUpOption {
  group: string;
  offeringID: string;
  nodes: number;
  pods: number;
  /** Hourly price of the option's nodes. */
  hourlyPrice: number;
  /** Price per unit of placed work (1 = the least any offering could charge for those pods). Lower wins. */
  score: number;
}

export interface ScaleUpRound {
  winner: ScaleUpOption;
  /** The winner's nodes after each was moved to the cheapest offering of its group that still holds its pods. */
  rightSized: { offeringID: string; count: number }[];
  why: string;
  /** Every option that could place a pod this round, best first (the winner included). */
  considered: ScaleUpOption[];
}

export interface ScaleUpRecord {
  kind: 'ScaleUp';
  /** TriggeredScaleUp: new nodes are needed; NotTriggerScaleUp: some pod fits nowhere and nothing is bought for it; NoScaleUpNeeded otherwise. */
  outcome: 'TriggeredScaleUp' | 'NotTriggerScaleUp' | 'NoScaleUpNeeded';
  inputs: {
    pendingPods: number;
    upcomingNodes: number;
    heldOfferings: string[];
    groups: { group: string; scaleUpEnabled: boolean; headroom: number; offerings: number; held: string[] }[];
  };
  onUpcoming: { pods: number; nodes: number };
  rounds: ScaleUpRound[];
  newNodes: { group: string; offeringID: string; count: number }[];
  unplaced: {
    pods: number;
    notNow: number;
    never: number;
    /** What kept each group from the unplaced pods: pods per reason, and one reason's words as an example. */
    byGroup: { group: string; reasons: { kind: NoScaleUpKind; pods: number; example: string }[] }[];
  };
}

export interface ScaleDownRecord {
  kind: 'ScaleDown';
  outcome: 'ScaleDown' | 'NoScaleDown';
  inputs: { now: number; nodes: number; managedNodes: number; pdbs: number; groups: string[] };
  /** Managed nodes not candidates, by why. */
  skipped: { cordoned: number; deleting: number; tooFewSamples: number; windowNotCovered: number; overThreshold: number };
  groups: {
    group: string;
    gate?: { kind: ScaleDownGateKind; detail: string };
    liveNodes: number;
    minNodes: number;
    disruptionsAllowed: number;
    unneeded: number;
    chosen: number;
    blocked: number;
  }[];
  chosen: { node: string; group: string; why: string }[];
  blocked: { node: string; group: string; kind: BlockerKind; detail: string }[];
}

export type DecisionRecord = ScaleUpRecord | ScaleDownRecord;
