import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileStructuralSchema, invalidStatus, validateCrdDefinition } from '../../../src/sim/kube/schema/index.ts';

const repo = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const load = (p: string) => parse(readFileSync(repo(p), 'utf8'));
const nodeGroupCrd = load('deploy/crds/nodegroups.autoscaler.vpsie.com.yaml');
const vpsieNodeCrd = load('deploy/crds/vpsienodes.autoscaler.vpsie.com.yaml');
const nodeGroups = compileStructuralSchema(nodeGroupCrd.spec.versions[0].schema.openAPIV3Schema);

describe('our CRDs', () => {
  it.each([['NodeGroup', nodeGroupCrd], ['VPSieNode', vpsieNodeCrd]])('%s passes the CRD definition checks', (_kind, crd) => {
    expect(validateCrdDefinition(crd)).toEqual([]);
  });

  it('the example NodeGroup is valid after defaulting, with the defaults visible', () => {
    const obj = load('examples/nodegroup.yaml');
    nodeGroups.applyDefaults(obj);
    expect(nodeGroups.prune(obj)).toEqual([]);
    expect(nodeGroups.validate(obj)).toEqual([]);
    expect(obj.spec.scaleUpPolicy).toEqual({ stabilizationWindowSeconds: 60 });
    expect(obj.spec.scaleDownPolicy).toEqual({ cpuThreshold: 40, memoryThreshold: 40, stabilizationWindowSeconds: 600, cooldownSeconds: 600 });
    expect(obj.spec.disruption).toEqual({ budget: '1' });
    expect(obj.spec.rebalance).toEqual({ strategy: 'rolling', minMonthlySavings: 10 });
  });

  it('the invalid example is rejected naming spec.maxNodes and spec.datacenterID', () => {
    const obj = load('examples/invalid-nodegroup.yaml');
    nodeGroups.applyDefaults(obj);
    const errors = nodeGroups.validate(obj);
    expect(errors.map((e) => e.message)).toEqual([
      'spec.maxNodes: Invalid value: 0: spec.maxNodes in body should be greater than or equal to 1',
      'spec.datacenterID: Required value',
    ]);
    expect(invalidStatus({ group: 'autoscaler.vpsie.com', kind: 'NodeGroup', name: obj.metadata.name, errors }).message).toBe(
      'NodeGroup.autoscaler.vpsie.com "broken" is invalid: [spec.maxNodes: Invalid value: 0: spec.maxNodes in body should be greater than or equal to 1, spec.datacenterID: Required value]',
    );
  });

  it('a VPSieNode gets its reason defaulted', () => {
    const schema = compileStructuralSchema(vpsieNodeCrd.spec.versions[0].schema.openAPIV3Schema);
    const obj = { spec: { nodeGroupName: 'general', offeringID: 'k8s-2-4', datacenterID: 'us-east-1', resourceIdentifier: 'c1' } };
    schema.applyDefaults(obj);
    expect(obj.spec).toHaveProperty('reason', 'scale-up');
    expect(schema.validate(obj)).toEqual([]);
  });
});
