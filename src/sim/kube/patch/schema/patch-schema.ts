// What a strategic merge patch needs to know about a built-in type: the `patchStrategy` and
// `patchMergeKey` struct tags of k8s.io/api, and the struct each field leads to.

/** How the real server patches one field. */
export interface PatchField {
  /**
   * `merge`: the list is merged — by `mergeKey` when it holds objects, as a set when it holds
   * scalars. `replace`: the object is replaced whole. Absent: objects merge, lists are replaced.
   * (`retainKeys` is left out: it only changes the patch kubectl computes, not how the server applies one.)
   */
  readonly strategy?: 'merge' | 'replace';
  readonly mergeKey?: string;
  /** The struct this field holds, or each element of its list holds. */
  readonly schema?: PatchSchema;
}

/**
 * The fields of one Go struct that carry a patch strategy or lead to one. Fields not listed behave
 * as untagged fields do: objects merge member by member and lists are replaced.
 */
export type PatchSchema = Readonly<Record<string, PatchField>>;

export function fieldOf(schema: PatchSchema | undefined, field: string): PatchField | undefined {
  return schema !== undefined && Object.hasOwn(schema, field) ? schema[field] : undefined;
}
