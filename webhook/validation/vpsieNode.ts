import { checkEnum, checkObject, checkString, isObject } from './fieldChecks.ts';
import { fieldError, type FieldError } from './fieldError.ts';
import {
  DATACENTER_ID,
  IDENTIFIER_MAX_LENGTH,
  KUBERNETES_VERSION,
  KUBERNETES_VERSION_MAX_LENGTH,
  OFFERING_ID,
  OFFERING_ID_MAX_LENGTH,
} from './crdPatterns.ts';
import { checkNameFitsLabel, immutableSpecFieldErrors } from './objectRules.ts';
import { LABEL_VALUE_MAX_LENGTH, dnsSubdomainProblems } from './qualifiedNames.ts';

export const VPSIE_NODE_REASONS = ['scale-up', 'min-nodes', 'rebalance', 'replace'] as const;
export const VPSIE_NODE_IMMUTABLE_FIELDS = ['nodeGroupName', 'offeringID', 'datacenterID', 'resourceIdentifier'] as const;

/** Every rule of crds.md for a VPSieNode. */
export function validateVPSieNode(object: unknown): FieldError[] {
  if (!isObject(object)) return [fieldError('object', 'must be a VPSieNode object', object)];
  const errors: FieldError[] = [];
  checkNameFitsLabel(errors, object, 'autoscaler.vpsie.com/vpsienode');
  const spec = checkObject(errors, 'spec', object.spec, { required: true });
  if (spec === undefined) return errors;
  checkNodeGroupName(errors, spec.nodeGroupName);
  checkString(errors, 'spec.offeringID', spec.offeringID, { required: true, minLength: 1, maxLength: OFFERING_ID_MAX_LENGTH, pattern: OFFERING_ID });
  checkString(errors, 'spec.datacenterID', spec.datacenterID, { required: true, minLength: 1, maxLength: IDENTIFIER_MAX_LENGTH, pattern: DATACENTER_ID });
  checkString(errors, 'spec.resourceIdentifier', spec.resourceIdentifier, { required: true, minLength: 1, maxLength: IDENTIFIER_MAX_LENGTH });
  checkString(errors, 'spec.project', spec.project, { maxLength: IDENTIFIER_MAX_LENGTH });
  checkString(errors, 'spec.kubernetesVersion', spec.kubernetesVersion, { maxLength: KUBERNETES_VERSION_MAX_LENGTH, pattern: KUBERNETES_VERSION });
  checkEnum(errors, 'spec.reason', spec.reason, VPSIE_NODE_REASONS);
  return errors;
}

/** A VPSieNode describes one VPS: which group, size, datacenter and cluster it is never changes. */
export function validateVPSieNodeUpdate(oldObject: unknown, newObject: unknown): FieldError[] {
  return immutableSpecFieldErrors(oldObject, newObject, VPSIE_NODE_IMMUTABLE_FIELDS);
}

/**
 * It names a NodeGroup object (a DNS subdomain), and it is copied into the
 * autoscaler.vpsie.com/nodegroup label of the node, so it must also fit a label value.
 */
function checkNodeGroupName(errors: FieldError[], value: unknown): void {
  const field = 'spec.nodeGroupName';
  const name = checkString(errors, field, value, { required: true, minLength: 1, maxLength: LABEL_VALUE_MAX_LENGTH });
  if (name === undefined) return;
  for (const problem of dnsSubdomainProblems(name)) errors.push(fieldError(field, `${problem} (it names a NodeGroup)`, name));
}
