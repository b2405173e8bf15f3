import { checkBoolean, checkEnum, checkInteger, checkNumber, checkObject } from './fieldChecks.ts';
import { fieldError, type FieldError } from './fieldError.ts';
import { MAX_NODES_LIMIT } from './crdPatterns.ts';

export const REBALANCE_STRATEGIES = ['rolling', 'surge', 'blue-green'] as const;

const PERCENT = { minimum: 0, maximum: 100 };

export function checkScaleUpPolicy(errors: FieldError[], value: unknown): void {
  const policy = checkObject(errors, 'spec.scaleUpPolicy', value);
  if (policy === undefined) return;
  checkBoolean(errors, 'spec.scaleUpPolicy.enabled', policy.enabled);
  checkInteger(errors, 'spec.scaleUpPolicy.stabilizationWindowSeconds', policy.stabilizationWindowSeconds, { minimum: 0, maximum: 1800 });
}

export function checkScaleDownPolicy(errors: FieldError[], value: unknown): void {
  const policy = checkObject(errors, 'spec.scaleDownPolicy', value);
  if (policy === undefined) return;
  checkBoolean(errors, 'spec.scaleDownPolicy.enabled', policy.enabled);
  checkInteger(errors, 'spec.scaleDownPolicy.cpuThreshold', policy.cpuThreshold, PERCENT);
  checkInteger(errors, 'spec.scaleDownPolicy.memoryThreshold', policy.memoryThreshold, PERCENT);
  checkInteger(errors, 'spec.scaleDownPolicy.stabilizationWindowSeconds', policy.stabilizationWindowSeconds, { minimum: 0, maximum: 3600 });
  checkInteger(errors, 'spec.scaleDownPolicy.cooldownSeconds', policy.cooldownSeconds, { minimum: 0, maximum: 3600 });
}

const BUDGET = /^(0|[1-9][0-9]*)(%?)$/;
const BUDGET_FORM = 'must be a count such as "2" or a percentage such as "20%"';

/**
 * The schema's pattern admits "250%" and counts of any size; a percentage above 100 or a count
 * above the largest possible group is a typo, not a budget.
 */
export function checkDisruption(errors: FieldError[], value: unknown): void {
  const disruption = checkObject(errors, 'spec.disruption', value);
  if (disruption === undefined) return;
  const field = 'spec.disruption.budget';
  const budget = disruption.budget;
  if (budget === undefined || budget === null) return;
  if (typeof budget !== 'string') {
    errors.push(fieldError(field, `${BUDGET_FORM} (a string)`, budget));
    return;
  }
  const match = BUDGET.exec(budget);
  if (match === null) {
    errors.push(fieldError(field, BUDGET_FORM, budget));
    return;
  }
  const amount = Number(match[1]);
  if (match[2] === '%' && amount > 100) errors.push(fieldError(field, 'must be a percentage of at most 100%', budget));
  if (match[2] === '' && amount > MAX_NODES_LIMIT) errors.push(fieldError(field, `must be a count of at most ${MAX_NODES_LIMIT} nodes`, budget));
}

export function checkRebalance(errors: FieldError[], value: unknown): void {
  const rebalance = checkObject(errors, 'spec.rebalance', value);
  if (rebalance === undefined) return;
  checkBoolean(errors, 'spec.rebalance.enabled', rebalance.enabled);
  checkEnum(errors, 'spec.rebalance.strategy', rebalance.strategy, REBALANCE_STRATEGIES);
  checkBoolean(errors, 'spec.rebalance.autoRollback', rebalance.autoRollback);
  checkNumber(errors, 'spec.rebalance.minMonthlySavings', rebalance.minMonthlySavings, { minimum: 0 });
}
