import { checkArray, checkInteger, checkObject, checkString, isObject } from './fieldChecks.ts';
import { describeValue, fieldError, type FieldError } from './fieldError.ts';
import {
  DATACENTER_ID,
  IDENTIFIER_MAX_LENGTH,
  KUBERNETES_VERSION,
  KUBERNETES_VERSION_MAX_LENGTH,
  MAX_NODES_LIMIT,
  OFFERING_ID,
  OFFERING_ID_MAX_LENGTH,
} from './crdPatterns.ts';
import { checkDisruption, checkRebalance, checkScaleDownPolicy, checkScaleUpPolicy } from './nodeGroupPolicies.ts';
import { checkNodeLabels } from './nodeLabels.ts';
import { checkNodeTaints } from './nodeTaints.ts';
import { checkNameFitsLabel, immutableSpecFieldErrors } from './objectRules.ts';

export const NODE_GROUP_IMMUTABLE_FIELDS = ['datacenterID', 'resourceIdentifier'] as const;
const MAX_OFFERINGS = 100;

/** Every rule of crds.md for a NodeGroup, plus the cross-field rules a schema cannot state. */
export function validateNodeGroup(object: unknown): FieldError[] {
  if (!isObject(object)) return [fieldError('object', 'must be a NodeGroup object', object)];
  const errors: FieldError[] = [];
  checkNameFitsLabel(errors, object, 'autoscaler.vpsie.com/nodegroup');
  const spec = checkObject(errors, 'spec', object.spec, { required: true });
  if (spec === undefined) return errors;

  const minNodes = checkInteger(errors, 'spec.minNodes', spec.minNodes, { required: true, minimum: 0, maximum: MAX_NODES_LIMIT });
  const maxNodes = checkInteger(errors, 'spec.maxNodes', spec.maxNodes, { required: true, minimum: 1, maximum: MAX_NODES_LIMIT });
  if (minNodes !== undefined && maxNodes !== undefined && minNodes > maxNodes) {
    errors.push(fieldError('spec.minNodes', `must be less than or equal to spec.maxNodes (${maxNodes})`, minNodes));
  }
  checkString(errors, 'spec.datacenterID', spec.datacenterID, { required: true, minLength: 1, maxLength: IDENTIFIER_MAX_LENGTH, pattern: DATACENTER_ID });
  checkString(errors, 'spec.resourceIdentifier', spec.resourceIdentifier, { required: true, minLength: 1, maxLength: IDENTIFIER_MAX_LENGTH });
  checkString(errors, 'spec.project', spec.project, { maxLength: IDENTIFIER_MAX_LENGTH });
  const offeringIDs = checkOfferingIDs(errors, spec.offeringIDs);
  checkPreferredInstanceType(errors, spec.preferredInstanceType, offeringIDs);
  checkString(errors, 'spec.kubernetesVersion', spec.kubernetesVersion, { maxLength: KUBERNETES_VERSION_MAX_LENGTH, pattern: KUBERNETES_VERSION });
  checkNodeLabels(errors, 'spec.labels', spec.labels);
  checkNodeTaints(errors, 'spec.taints', spec.taints);
  checkScaleUpPolicy(errors, spec.scaleUpPolicy);
  checkScaleDownPolicy(errors, spec.scaleDownPolicy);
  checkDisruption(errors, spec.disruption);
  checkRebalance(errors, spec.rebalance);
  return errors;
}

/** What an UPDATE may not do beyond what validateNodeGroup already checks. */
export function validateNodeGroupUpdate(oldObject: unknown, newObject: unknown): FieldError[] {
  return immutableSpecFieldErrors(oldObject, newObject, NODE_GROUP_IMMUTABLE_FIELDS);
}

/** The valid offering IDs, or undefined when the list itself is unusable. */
function checkOfferingIDs(errors: FieldError[], value: unknown): string[] | undefined {
  const items = checkArray(errors, 'spec.offeringIDs', value, { required: true, minItems: 1, maxItems: MAX_OFFERINGS });
  if (items === undefined) return undefined;
  const firstIndexById = new Map<string, number>();
  const valid: string[] = [];
  items.forEach((item, index) => {
    const field = `spec.offeringIDs[${index}]`;
    const id = checkString(errors, field, item, { required: true, minLength: 1, maxLength: OFFERING_ID_MAX_LENGTH, pattern: OFFERING_ID });
    if (id === undefined) return;
    const first = firstIndexById.get(id);
    if (first !== undefined) {
      errors.push(fieldError(field, `duplicates spec.offeringIDs[${first}]: offering IDs must be unique`, id));
      return;
    }
    firstIndexById.set(id, index);
    valid.push(id);
  });
  return valid;
}

function checkPreferredInstanceType(errors: FieldError[], value: unknown, offeringIDs: string[] | undefined): void {
  const field = 'spec.preferredInstanceType';
  const preferred = checkString(errors, field, value, { maxLength: OFFERING_ID_MAX_LENGTH });
  if (preferred === undefined || offeringIDs === undefined || offeringIDs.includes(preferred)) return;
  const listed = offeringIDs.slice(0, 10).map((id) => describeValue(id));
  const more = offeringIDs.length > listed.length ? ', …' : '';
  errors.push(fieldError(field, `must be one of spec.offeringIDs (${listed.join(', ')}${more})`, preferred));
}
