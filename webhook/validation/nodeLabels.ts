import { checkObject } from './fieldChecks.ts';
import { entryPath, fieldError, type FieldError } from './fieldError.ts';
import {
  AUTOSCALER_LABEL_DOMAIN,
  isAutoscalerReservedPrefix,
  isKubernetesReservedPrefix,
  keyPrefix,
  labelValueProblems,
  qualifiedNameProblems,
} from './qualifiedNames.ts';

/**
 * Labels a NodeGroup applies to its nodes. The schema checks values only: OpenAPI cannot
 * constrain map keys, so key syntax and reserved prefixes are the webhook's job.
 */
export function checkNodeLabels(errors: FieldError[], field: string, value: unknown): void {
  const labels = checkObject(errors, field, value);
  if (labels === undefined) return;
  for (const [key, labelValue] of Object.entries(labels)) {
    const path = entryPath(field, key);
    for (const problem of qualifiedNameProblems(key)) errors.push(fieldError(path, `key ${problem}`));
    const prefix = keyPrefix(key);
    if (prefix !== undefined && isKubernetesReservedPrefix(prefix)) {
      errors.push(fieldError(path, `key uses the prefix ${prefix}, which is reserved for Kubernetes (kubernetes.io, k8s.io and their subdomains)`));
    }
    if (prefix !== undefined && isAutoscalerReservedPrefix(prefix)) {
      errors.push(fieldError(path, `key uses the prefix ${prefix}, which is reserved for the autoscaler's own ${AUTOSCALER_LABEL_DOMAIN} ownership labels`));
    }
    if (typeof labelValue !== 'string') {
      errors.push(fieldError(path, 'must be a string', labelValue));
      continue;
    }
    for (const problem of labelValueProblems(labelValue)) errors.push(fieldError(path, problem, labelValue));
  }
}
