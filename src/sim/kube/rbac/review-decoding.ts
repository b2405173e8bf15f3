import { errors } from '../errors.ts';

/** What a JSON value decodes as into a Go field, for encoding/json's wording. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** One Go struct's fields: JSON key → Go type name (`string`, `[]string`, or a nested struct). */
export interface GoStruct {
  name: string;
  fields: Record<string, string | GoStruct>;
}

const RESOURCE_ATTRIBUTES: GoStruct = {
  name: 'ResourceAttributes',
  fields: { namespace: 'string', verb: 'string', group: 'string', version: 'string', resource: 'string', subresource: 'string', name: 'string' },
};
const NON_RESOURCE_ATTRIBUTES: GoStruct = { name: 'NonResourceAttributes', fields: { path: 'string', verb: 'string' } };

export const SELF_ACCESS_SPEC: GoStruct = {
  name: 'SelfSubjectAccessReviewSpec',
  fields: { resourceAttributes: RESOURCE_ATTRIBUTES, nonResourceAttributes: NON_RESOURCE_ATTRIBUTES },
};
export const ACCESS_SPEC: GoStruct = {
  name: 'SubjectAccessReviewSpec',
  fields: { resourceAttributes: RESOURCE_ATTRIBUTES, nonResourceAttributes: NON_RESOURCE_ATTRIBUTES, user: 'string', groups: '[]string', uid: 'string' },
};
export const RULES_SPEC: GoStruct = { name: 'SelfSubjectRulesReviewSpec', fields: { namespace: 'string' } };

/**
 * Checks a body decodes into the review's Go types, refusing a value of the wrong JSON type with
 * the 400 the create handler sends (`<Kind> in version "v1" cannot be handled as a <Kind>: json: …`).
 * JSON null is accepted anywhere, as Go leaves the field at its zero value.
 */
export function checkDecodes(kind: string, body: Record<string, unknown>, spec: GoStruct): void {
  const refuse = (value: unknown, struct: string, path: string, type: string): never => {
    throw errors.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${path} of type ${type}`);
  };
  const walk = (value: unknown, struct: GoStruct, path: string): void => {
    for (const [key, type] of Object.entries(struct.fields)) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null) continue;
      const at = `${path}.${key}`;
      if (typeof type !== 'string') {
        if (jsonKind(v) !== 'object') refuse(v, struct.name, at, `v1.${type.name}`);
        walk(v, type, at);
      } else if (type === 'string') {
        if (typeof v !== 'string') refuse(v, struct.name, at, 'string');
      } else if (!Array.isArray(v)) {
        refuse(v, struct.name, at, type);
      } else {
        for (const item of v) if (item !== null && typeof item !== 'string') refuse(item, struct.name, at, 'string');
      }
    }
  };
  if (body.spec === undefined || body.spec === null) return;
  if (jsonKind(body.spec) !== 'object') refuse(body.spec, kind, 'spec', `v1.${spec.name}`);
  walk(body.spec, spec, 'spec');
}
