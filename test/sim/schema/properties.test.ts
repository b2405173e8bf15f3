import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileStructuralSchema } from '../../../src/sim/kube/schema/index.ts';

const crd = parse(readFileSync(fileURLToPath(new URL('../../../deploy/crds/nodegroups.autoscaler.vpsie.com.yaml', import.meta.url)), 'utf8'));
const schema = compileStructuralSchema(crd.spec.versions[0].schema.openAPIV3Schema);

/** Arbitrary JSON, and NodeGroup-shaped objects whose spec fields may hold anything. */
const json = fc.jsonValue({ maxDepth: 4 });
const nodeGroupish = fc.record({
  apiVersion: fc.constant('autoscaler.vpsie.com/v1alpha1'),
  spec: fc.dictionary(fc.constantFrom('minNodes', 'maxNodes', 'labels', 'taints', 'scaleUpPolicy', 'scaleDownPolicy', 'offeringIDs', 'disruption', 'extra'), json),
  status: fc.dictionary(fc.constantFrom('conditions', 'nodes', 'readyNodes', 'lastScaleUpTime'), json),
});
const anyObject = fc.oneof(json, nodeGroupish);

describe('schema properties', () => {
  it('validate never throws', () => {
    fc.assert(fc.property(anyObject, (obj) => {
      expect(() => schema.validate(obj)).not.toThrow();
    }));
  });

  it('defaulting is idempotent', () => {
    fc.assert(fc.property(anyObject, (obj) => {
      const once = structuredClone(obj);
      schema.applyDefaults(once);
      const twice = structuredClone(once);
      schema.applyDefaults(twice);
      expect(twice).toEqual(once);
    }));
  });

  it('pruning leaves nothing more to prune', () => {
    fc.assert(fc.property(anyObject, (obj) => {
      const copy = structuredClone(obj);
      schema.prune(copy);
      expect(schema.prune(copy)).toEqual([]);
    }));
  });
});
