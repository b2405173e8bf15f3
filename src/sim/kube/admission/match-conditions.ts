import { compileCel, type CompiledExpression } from './cel.ts';

type Json = Record<string, unknown>;

const compiled = new WeakMap<object, CompiledExpression>();

/**
 * Whether every matchCondition of a webhook holds for an admission request. Throws on an
 * expression that does not compile or errors, so the webhook's failurePolicy decides.
 */
export function evaluateMatchConditions(conditions: unknown, request: Json): boolean {
  if (!Array.isArray(conditions) || conditions.length === 0) return true;
  const env = { request, object: request.object ?? null, oldObject: request.oldObject ?? null };
  for (const condition of conditions as Json[]) {
    let expression = compiled.get(condition);
    if (!expression) {
      expression = compileCel(String(condition.expression ?? ''));
      compiled.set(condition, expression);
    }
    const result = expression.evaluate(env);
    if (typeof result !== 'boolean') throw new Error(`matchCondition ${JSON.stringify(condition.name)} must evaluate to bool`);
    if (!result) return false;
  }
  return true;
}
