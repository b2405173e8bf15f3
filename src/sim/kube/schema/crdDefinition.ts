// The essentials a real API server checks when a CustomResourceDefinition (apiextensions.k8s.io/v1)
// is created, with its wording. Not checked: that some version is served, conversion webhooks,
// status.storedVersions, scale subresource paths, selectableFields, the metadata-schema and
// allOf/anyOf/oneOf/not structural rules. A schema with CEL rules is reported invalid, unlike on a
// real server, because the simulator cannot enforce them.
import { errorBody, forbidden, invalid, notSupported, required } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { isPlainObject } from './jsonValue.ts';
import { isDns1035Label, isDns1123Subdomain } from './names.ts';
import { validateObjectMeta } from './objectMeta.ts';
import { compileSchemaNode } from './compile.ts';
import { readSchema, SchemaCompileError } from './structural.ts';
import type { SchemaNode } from './structural.ts';
import { validateJsonPath } from '../jsonpath/compile.ts';

type Raw = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function rec(v: unknown): Raw {
  return isPlainObject(v) ? v : {};
}

/** Defaults the server applies to names before validating (singular and listKind). */
function defaultedNames(names: Raw): { plural: string; singular: string; kind: string; listKind: string } {
  const kind = str(names.kind);
  return {
    plural: str(names.plural),
    singular: str(names.singular) || kind.toLowerCase(),
    kind,
    listKind: str(names.listKind) || (kind === '' ? '' : `${kind}List`),
  };
}

function nameErrors(path: string, names: ReturnType<typeof defaultedNames>): FieldError[] {
  const out: FieldError[] = [];
  for (const key of ['plural', 'singular', 'kind', 'listKind'] as const) if (names[key] === '') out.push(required(`${path}.${key}`));
  for (const key of ['plural', 'singular'] as const) {
    const errs = names[key] === '' ? [] : isDns1035Label(names[key]);
    if (errs.length > 0) out.push(invalid(`${path}.${key}`, names[key], errs.join(',')));
  }
  for (const key of ['kind', 'listKind'] as const) {
    const errs = names[key] === '' ? [] : isDns1035Label(names[key].toLowerCase());
    if (errs.length > 0) out.push(invalid(`${path}.${key}`, names[key], `may have mixed case, but should otherwise match: ${errs.join(',')}`));
  }
  return out;
}

function forbiddenMix(path: string): FieldError {
  return forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive');
}

/** Structural schema rules: a type wherever fields are specified, object at the root, no mixing. */
function structuralErrors(path: string, node: SchemaNode, isRoot: boolean, out: FieldError[]): void {
  if (isRoot && node.type !== 'object') out.push(invalid(`${path}.type`, node.type ?? '', 'must be object at the root'));
  const extra = node.additionalProperties;
  if (node.properties !== undefined && extra !== undefined && (extra.schema !== undefined || !extra.allows)) out.push(forbiddenMix(path));
  const untyped = (s: SchemaNode): boolean => s.type === undefined && !s.intOrString && !s.preserveUnknownFields;
  for (const [k, sub] of node.properties ?? []) {
    const p = `${path}.properties[${k}]`;
    if (untyped(sub)) out.push(required(`${p}.type`, 'must not be empty for specified object fields'));
    structuralErrors(p, sub, false, out);
  }
  if (node.items !== undefined) {
    if (untyped(node.items)) out.push(required(`${path}.items.type`, 'must not be empty for specified array items'));
    structuralErrors(`${path}.items`, node.items, false, out);
  }
  if (extra?.schema !== undefined) structuralErrors(`${path}.additionalProperties`, extra.schema, false, out);
  if (node.listType === 'map') {
    if ((node.listMapKeys ?? []).length === 0) {
      out.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    }
    if (node.items?.type !== 'object') out.push(invalid(`${path}.x-kubernetes-list-type`, 'map', 'must only be used if items type is object'));
  }
}

/** Re-roots an error found inside a default value under `<path>.default`. */
function underDefault(path: string, e: FieldError): FieldError {
  const field = e.field === '<nil>' ? `${path}.default` : `${path}.default.${e.field}`;
  return { ...e, field, message: `${field}: ${errorBody(e)}` };
}

/** Each default must have no unknown fields and validate against its own schema. */
function defaultErrors(path: string, node: SchemaNode, out: FieldError[]): void {
  if (node.hasDefault) {
    const asRoot = compileSchemaNode({ ...node, embeddedResource: false });
    const value = structuredClone(node.default);
    const unknown = asRoot.prune(value);
    if (unknown.length > 0) out.push(invalid(`${path}.default`, node.default ?? null, `must not have unknown fields: ${unknown.join(', ')}`));
    else for (const e of asRoot.validate(value)) out.push(underDefault(path, e));
  }
  for (const [k, sub] of node.properties ?? []) defaultErrors(`${path}.properties[${k}]`, sub, out);
  if (node.items !== undefined) defaultErrors(`${path}.items`, node.items, out);
  const extra = node.additionalProperties?.schema;
  if (extra !== undefined) defaultErrors(`${path}.additionalProperties`, extra, out);
}

const columnTypes = ['integer', 'number', 'string', 'boolean', 'date'];
const columnFormats = ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'];

function columnErrors(path: string, column: Raw): FieldError[] {
  const out: FieldError[] = [];
  if (str(column.name) === '') out.push(required(`${path}.name`));
  const type = str(column.type);
  if (type === '') out.push(required(`${path}.type`));
  else if (!columnTypes.includes(type)) out.push(notSupported(`${path}.type`, type, columnTypes));
  const format = str(column.format);
  if (format !== '' && !columnFormats.includes(format)) out.push(notSupported(`${path}.format`, format, columnFormats));
  const jsonPath = str(column.jsonPath);
  const problem = jsonPath === '' ? undefined : validateJsonPath(jsonPath);
  if (jsonPath === '') out.push(required(`${path}.jsonPath`));
  else if (problem !== undefined) out.push(invalid(`${path}.jsonPath`, jsonPath, problem));
  return out;
}

function versionErrors(path: string, version: Raw): FieldError[] {
  const out: FieldError[] = [];
  const name = str(version.name);
  const nameErrs = isDns1035Label(name);
  if (nameErrs.length > 0) out.push(invalid(`${path}.name`, name, nameErrs.join(',')));
  const schemaPath = `${path}.schema.openAPIV3Schema`;
  const raw = rec(version.schema).openAPIV3Schema;
  if (raw === undefined) {
    out.push(required(schemaPath, 'schemas are required'));
  } else {
    try {
      const root = readSchema(raw, schemaPath);
      structuralErrors(schemaPath, root, true, out);
      defaultErrors(schemaPath, root, out);
    } catch (err) {
      if (!(err instanceof SchemaCompileError)) throw err;
      out.push(invalid(schemaPath, '', err.message));
    }
  }
  const columns = Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns : [];
  columns.forEach((c, i) => out.push(...columnErrors(`${path}.additionalPrinterColumns[${i}]`, rec(c))));
  return out;
}

/** The errors the real server reports when this CustomResourceDefinition is created. */
export function validateCrdDefinition(crd: object): FieldError[] {
  const obj = rec(crd);
  const spec = rec(obj.spec);
  const group = str(spec.group);
  const names = defaultedNames(rec(spec.names));
  const out: FieldError[] = [];

  const meta = rec(obj.metadata);
  out.push(...validateObjectMeta(meta, { namespaced: false, nameRule: 'dns1123Subdomain' }));
  const metaName = str(meta.name);
  if (metaName !== '' && metaName !== `${names.plural}.${group}`) {
    out.push(invalid('metadata.name', metaName, 'must be spec.names.plural+"."+spec.group'));
  }

  if (group === '') out.push(required('spec.group'));
  else {
    const errs = isDns1123Subdomain(group);
    if (errs.length > 0) out.push(invalid('spec.group', group, errs.join(',')));
    else if (!group.includes('.')) out.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope);
  if (scope === '') out.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') out.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));

  const versions = Array.isArray(spec.versions) ? spec.versions.map(rec) : [];
  versions.forEach((v, i) => out.push(...versionErrors(`spec.versions[${i}]`, v)));
  const versionNames = versions.map((v) => str(v.name));
  if (new Set(versionNames).size !== versionNames.length) out.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1) {
    out.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  }
  out.push(...nameErrors('spec.names', names));
  return out;
}
