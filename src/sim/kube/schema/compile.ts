// One CRD version's schema, compiled once into closures the server calls on every request.
import { applyStructuralDefaults, pruneNonNullableNullsWithoutDefaults } from './defaults.ts';
import { embeddedResourceErrorsBelow } from './embedded.ts';
import type { FieldError } from './fieldError.ts';
import { listTypeErrors } from './listTypes.ts';
import { pruneUnknownFields } from './prune.ts';
import { readSchema } from './structural.ts';
import type { SchemaNode } from './structural.ts';
import { compileValidator } from './validate.ts';

export type CompiledSchema = {
  readonly root: SchemaNode;
  /** Drops non-nullable nulls without defaults, then applies defaults, in place. */
  applyDefaults(obj: unknown): void;
  /** Removes unknown fields in place; returns their paths, sorted (e.g. ["spec.foo"]). */
  prune(obj: unknown): string[];
  /** Schema errors, then list-type duplicates, then embedded-resource errors; root metadata excluded. */
  validate(obj: unknown): FieldError[];
};

/**
 * Throws SchemaCompileError for a schema the simulator cannot enforce faithfully — above all one
 * with x-kubernetes-validations (CEL), which it does not evaluate.
 */
export function compileStructuralSchema(openAPIV3Schema: object): CompiledSchema {
  return compileSchemaNode(readSchema(openAPIV3Schema));
}

/** Compiles an already-read schema tree (the root of a resource, or any node treated as one). */
export function compileSchemaNode(root: SchemaNode): CompiledSchema {
  const check = compileValidator(root);
  return {
    root,
    applyDefaults(obj) {
      pruneNonNullableNullsWithoutDefaults(obj, root);
      applyStructuralDefaults(obj, root);
    },
    prune(obj) {
      return pruneUnknownFields(root, obj);
    },
    validate(obj) {
      const out: FieldError[] = [];
      check(obj, '', out);
      out.push(...listTypeErrors(root, obj), ...embeddedResourceErrorsBelow(root, obj));
      return out;
    },
  };
}
