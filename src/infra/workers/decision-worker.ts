/** The worker entry of the decision pool: runs one whole round and returns its decision. */
import { evaluateScaleDown } from '../../policy/scaling/scale-down/evaluate.ts';
import { planScaleUp } from '../../policy/scaling/scale-up/plan.ts';
import type { ScaleDownDecision, ScaleUpDecision } from '../../policy/scaling/types.ts';
import { type DecisionTask, unpackScaleDown } from './decision-task.ts';

export default function runDecision(task: DecisionTask): ScaleUpDecision | ScaleDownDecision {
  return task.kind === 'scaleUp' ? planScaleUp(task.input) : evaluateScaleDown(unpackScaleDown(task));
}
