import { isObject } from './fieldChecks.ts';
import { fieldError, type FieldError } from './fieldError.ts';

export const MANAGED_LABEL = 'autoscaler.vpsie.com/managed';
export const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'] as const;

function labelsOf(node: unknown): Record<string, unknown> {
  if (!isObject(node) || !isObject(node.metadata) || !isObject(node.metadata.labels)) return {};
  return node.metadata.labels;
}

/**
 * Why the autoscaler may not delete this Node, or nothing when it may: only nodes it labelled as
 * managed, and never a control-plane node whatever its other labels say.
 */
export function nodeDeletionByAutoscalerViolations(node: unknown): FieldError[] {
  const labels = labelsOf(node);
  const errors: FieldError[] = [];
  if (labels[MANAGED_LABEL] !== 'true') {
    errors.push(
      fieldError(`metadata.labels["${MANAGED_LABEL}"]`, 'must be "true": the autoscaler deletes only nodes it manages', labels[MANAGED_LABEL] ?? undefined),
    );
  }
  for (const label of CONTROL_PLANE_LABELS) {
    if (Object.hasOwn(labels, label)) {
      errors.push(fieldError(`metadata.labels["${label}"]`, 'is set: the autoscaler never deletes a control-plane node'));
    }
  }
  return errors;
}
