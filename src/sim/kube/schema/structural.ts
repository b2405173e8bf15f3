// A CRD's openAPIV3Schema read into a typed tree, the shape apiextensions calls "structural".
// Formats the real server does not validate are dropped here, like its StripUnsupportedFormats pass.
import { compileGoRegexp } from './goRegexp.ts';

export type ListType = 'atomic' | 'set' | 'map';

export type SchemaNode = {
  type?: string;
  nullable: boolean;
  format?: string;
  properties?: ReadonlyMap<string, SchemaNode>;
  additionalProperties?: { allows: boolean; schema?: SchemaNode };
  items?: SchemaNode;
  hasDefault: boolean;
  default?: unknown;
  preserveUnknownFields: boolean;
  embeddedResource: boolean;
  intOrString: boolean;
  listType?: ListType;
  listMapKeys?: readonly string[];
  required: readonly string[];
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: { source: string; regexp: RegExp };
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  allOf: readonly SchemaNode[];
  anyOf: readonly SchemaNode[];
  oneOf: readonly SchemaNode[];
  not?: SchemaNode;
};

export class SchemaCompileError extends Error {
  override name = 'SchemaCompileError';
}

/** String formats validated by apiextensions (v1.32), named as go-openapi normalizes them (no '-'). */
export const validatedStringFormats: ReadonlySet<string> = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date',
  'duration', 'datetime',
]);

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, what: string): never {
  throw new SchemaCompileError(`${path}: ${what}`);
}

function num(raw: Raw, key: string, path: string): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, 'must be a number');
  return v;
}

function count(raw: Raw, key: string, path: string): number | undefined {
  const v = num(raw, key, path);
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) fail(`${path}.${key}`, 'must be a non-negative integer');
  return v;
}

function flag(raw: Raw, key: string, path: string): boolean {
  const v = raw[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail(`${path}.${key}`, 'must be a boolean');
  return v;
}

function strings(raw: Raw, key: string, path: string): string[] | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(`${path}.${key}`, 'must be a list of strings');
  return v as string[];
}

/** The format the real server keeps after StripUnsupportedFormatsPostProcess, or undefined. */
function keptFormat(format: string, type: string | undefined, intOrString: boolean): string | undefined {
  const schemaType = intOrString ? '' : (type ?? '');
  switch (schemaType) {
    case '':
    case 'string':
      return validatedStringFormats.has(format.replaceAll('-', '')) ? format : undefined;
    case 'integer':
      return format === 'int32' || format === 'int64' ? format : undefined;
    case 'number':
      return format === 'float' || format === 'double' ? format : undefined;
    default:
      return undefined;
  }
}

function nodes(raw: Raw, key: string, path: string): SchemaNode[] {
  const v = raw[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(`${path}.${key}`, 'must be a list of schemas');
  return v.map((s, i) => readSchema(s, `${path}.${key}[${i}]`));
}

export function readSchema(raw: unknown, path = 'openAPIV3Schema'): SchemaNode {
  if (!isRecord(raw)) fail(path, 'must be an object');
  if (raw['x-kubernetes-validations'] !== undefined) {
    throw new SchemaCompileError(
      `${path}.x-kubernetes-validations: the simulator does not evaluate CEL validation rules; ` +
        'remove them or enforce the rule elsewhere (they would silently not be enforced)',
    );
  }
  if (raw.$ref !== undefined) fail(`${path}.$ref`, 'references are not supported in CRD schemas');

  const type = raw.type;
  if (type !== undefined && typeof type !== 'string') fail(`${path}.type`, 'must be a string');
  const intOrString = flag(raw, 'x-kubernetes-int-or-string', path);
  const format = raw.format;
  if (format !== undefined && typeof format !== 'string') fail(`${path}.format`, 'must be a string');

  const node: SchemaNode = {
    nullable: flag(raw, 'nullable', path),
    hasDefault: 'default' in raw,
    preserveUnknownFields: flag(raw, 'x-kubernetes-preserve-unknown-fields', path),
    embeddedResource: flag(raw, 'x-kubernetes-embedded-resource', path),
    intOrString,
    required: strings(raw, 'required', path) ?? [],
    exclusiveMinimum: flag(raw, 'exclusiveMinimum', path),
    exclusiveMaximum: flag(raw, 'exclusiveMaximum', path),
    allOf: nodes(raw, 'allOf', path),
    anyOf: nodes(raw, 'anyOf', path),
    oneOf: nodes(raw, 'oneOf', path),
  };
  if (type !== undefined) node.type = type;
  if (format !== undefined) {
    const kept = keptFormat(format, type, intOrString);
    if (kept !== undefined) node.format = kept;
  }
  if (node.hasDefault) node.default = raw.default;

  if (raw.properties !== undefined) {
    if (!isRecord(raw.properties)) fail(`${path}.properties`, 'must be an object');
    const props = new Map<string, SchemaNode>();
    for (const [k, v] of Object.entries(raw.properties)) props.set(k, readSchema(v, `${path}.properties[${k}]`));
    node.properties = props;
  }
  const ap = raw.additionalProperties;
  if (ap !== undefined) {
    if (typeof ap === 'boolean') node.additionalProperties = { allows: ap };
    else node.additionalProperties = { allows: true, schema: readSchema(ap, `${path}.additionalProperties`) };
  }
  if (raw.items !== undefined) {
    if (Array.isArray(raw.items)) fail(`${path}.items`, 'must be a schema, not a list of schemas');
    node.items = readSchema(raw.items, `${path}.items`);
  }
  if (raw.not !== undefined) node.not = readSchema(raw.not, `${path}.not`);

  const listType = raw['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
      fail(`${path}.x-kubernetes-list-type`, 'must be one of atomic, set, map');
    }
    node.listType = listType;
  }
  const mapKeys = strings(raw, 'x-kubernetes-list-map-keys', path);
  if (mapKeys !== undefined) node.listMapKeys = mapKeys;

  if (raw.enum !== undefined) {
    if (!Array.isArray(raw.enum)) fail(`${path}.enum`, 'must be a list');
    node.enum = raw.enum;
  }
  const numeric = { minimum: num(raw, 'minimum', path), maximum: num(raw, 'maximum', path), multipleOf: num(raw, 'multipleOf', path) };
  if (numeric.minimum !== undefined) node.minimum = numeric.minimum;
  if (numeric.maximum !== undefined) node.maximum = numeric.maximum;
  if (numeric.multipleOf !== undefined) node.multipleOf = numeric.multipleOf;
  const counts = {
    minLength: count(raw, 'minLength', path),
    maxLength: count(raw, 'maxLength', path),
    minItems: count(raw, 'minItems', path),
    maxItems: count(raw, 'maxItems', path),
    minProperties: count(raw, 'minProperties', path),
    maxProperties: count(raw, 'maxProperties', path),
  };
  for (const [k, v] of Object.entries(counts)) if (v !== undefined) node[k as keyof typeof counts] = v;

  if (raw.pattern !== undefined) {
    if (typeof raw.pattern !== 'string') fail(`${path}.pattern`, 'must be a string');
    try {
      node.pattern = { source: raw.pattern, regexp: compileGoRegexp(raw.pattern) };
    } catch (err) {
      fail(`${path}.pattern`, `invalid Go regular expression: ${(err as Error).message}`);
    }
  }
  return node;
}
