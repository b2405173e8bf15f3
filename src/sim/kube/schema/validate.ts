// Compiles a structural schema into one validation closure per node, running the checks in
// kube-openapi's order (type, allOf/anyOf/oneOf/not, string, format, number, array, enum, object)
// and collecting every error, as the real server does.
import { invalid, required, tooMany } from './fieldError.ts';
import type { FieldError } from './fieldError.ts';
import { goQuote } from './goFormat.ts';
import { goKind } from './jsonValue.ts';
import type { SchemaNode } from './structural.ts';
import { enumCheck, fieldOf, formatCheck, numberCheck, stringCheck, typeCheck } from './valueChecks.ts';
import type { Check } from './valueChecks.ts';

/** A schema-level message that is not a validation error, reported on the nil path like the real server. */
function composite(message: string): FieldError {
  return invalid('<nil>', '', message);
}

function childName(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function sliceCheck(node: SchemaNode): Check | undefined {
  const items = node.items === undefined ? undefined : compileValidator(node.items);
  const { minItems, maxItems } = node;
  if (items === undefined && minItems === undefined && maxItems === undefined) return undefined;
  return (value, name, out) => {
    const list = value as unknown[];
    if (items !== undefined) for (let i = 0; i < list.length; i++) items(list[i], `${name}[${i}]`, out);
    if (minItems !== undefined && list.length < minItems) {
      out.push(invalid(fieldOf(name), list.length, `${name} in body should have at least ${minItems} items`));
    }
    if (maxItems !== undefined && list.length > maxItems) out.push(tooMany(fieldOf(name), list.length, maxItems));
  };
}

function objectCheck(node: SchemaNode): Check | undefined {
  const props = [...(node.properties ?? new Map<string, SchemaNode>())].map(([k, s]) => [k, compileValidator(s)] as const);
  const known = new Set(props.map(([k]) => k));
  const extra = node.additionalProperties;
  const extraCheck = extra?.schema === undefined ? undefined : compileValidator(extra.schema);
  const forbidExtra = extra !== undefined && !extra.allows;
  const { minProperties, maxProperties } = node;
  const requiredKeys = node.required;
  return (value, name, out) => {
    const obj = value as Record<string, unknown>;
    const size = Object.keys(obj).length;
    // The real validator stops at a property-count failure without looking inside the object.
    if (minProperties !== undefined && size < minProperties) {
      out.push(invalid(fieldOf(name), size, `${name} in body should have at least ${minProperties} properties`));
      return;
    }
    if (maxProperties !== undefined && size > maxProperties) {
      out.push(tooMany(fieldOf(name), size, maxProperties));
      return;
    }
    if (forbidExtra || extraCheck !== undefined) {
      for (const key of Object.keys(obj)) {
        if (known.has(key)) continue;
        if (forbidExtra) out.push(invalid(fieldOf(name), key, `${name}.${key} in body is a forbidden property`));
        else extraCheck?.(obj[key], `${name}.${key}`, out);
      }
    }
    for (const [key, check] of props) if (key in obj) check(obj[key], childName(name, key), out);
    for (const key of requiredKeys) if (!(key in obj)) out.push(required(fieldOf(`${name}.${key}`)));
  };
}

function run(check: Check, value: unknown, name: string): FieldError[] {
  const out: FieldError[] = [];
  check(value, name, out);
  return out;
}

/** Fewest errors stands in for go-openapi's "most checks passed" choice of the failure to report. */
function bestFailure(results: FieldError[][]): FieldError[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best));
}

function compositeCheck(node: SchemaNode): Check | undefined {
  const anyOf = node.anyOf.map(compileValidator);
  const oneOf = node.oneOf.map(compileValidator);
  const allOf = node.allOf.map(compileValidator);
  const not = node.not === undefined ? undefined : compileValidator(node.not);
  if (anyOf.length + oneOf.length + allOf.length === 0 && not === undefined) return undefined;
  return (value, name, out) => {
    if (anyOf.length > 0) {
      const results = anyOf.map((c) => run(c, value, name));
      if (!results.some((r) => r.length === 0)) {
        out.push(composite(`${goQuote(name)} must validate at least one schema (anyOf)`), ...bestFailure(results));
      }
    }
    if (oneOf.length > 0) {
      const results = oneOf.map((c) => run(c, value, name));
      const valid = results.filter((r) => r.length === 0).length;
      if (valid !== 1) {
        const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
        out.push(composite(`${goQuote(name)} must validate one and only one schema (oneOf). ${found}`));
        if (valid === 0) out.push(...bestFailure(results));
      }
    }
    if (allOf.length > 0) {
      const results = allOf.map((c) => run(c, value, name));
      const valid = results.filter((r) => r.length === 0).length;
      for (const r of results) out.push(...r);
      if (valid !== allOf.length) {
        out.push(composite(`${goQuote(name)} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
      }
    }
    if (not !== undefined && run(not, value, name).length === 0) {
      out.push(composite(`${goQuote(name)} must not validate the schema (not)`));
    }
  };
}

export function compileValidator(node: SchemaNode): Check {
  const onType = typeCheck(node);
  const onComposite = compositeCheck(node);
  const onString = [stringCheck(node), formatCheck(node)].filter((c) => c !== undefined);
  const onNumber = numberCheck(node);
  const onSlice = sliceCheck(node);
  const onEnum = enumCheck(node);
  const onObject = objectCheck(node);
  return (value, name, out) => {
    onType?.(value, name, out);
    const kind = goKind(value);
    if (kind === 'nil') {
      onEnum?.(value, name, out);
      return;
    }
    onComposite?.(value, name, out);
    if (kind === 'string') for (const c of onString) c(value, name, out);
    else if (kind === 'int64' || kind === 'float64') onNumber?.(value, name, out);
    else if (kind === 'slice') onSlice?.(value, name, out);
    onEnum?.(value, name, out);
    if (kind === 'map') onObject?.(value, name, out);
  };
}
