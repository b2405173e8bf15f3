import { describe, expect, it } from 'vitest';
import { validateNodeGroup, validateNodeGroupUpdate } from '../../../webhook/validation/nodeGroup.ts';
import { validNodeGroup } from '../support/admissionReviews.ts';

function messagesFor(spec: Record<string, unknown>): string[] {
  return validateNodeGroup(validNodeGroup(spec)).map((error) => error.message);
}

function withoutField(field: string): Record<string, unknown> {
  const object = validNodeGroup();
  delete (object.spec as Record<string, unknown>)[field];
  return object;
}

describe('validateNodeGroup', () => {
  it('accepts a complete valid NodeGroup', () => {
    expect(validateNodeGroup(validNodeGroup())).toEqual([]);
  });

  it('accepts a NodeGroup with only the required fields', () => {
    const minimal = { metadata: { name: 'g' }, spec: { minNodes: 0, maxNodes: 1, datacenterID: 'dc', resourceIdentifier: 'c', offeringIDs: ['a'] } };
    expect(validateNodeGroup(minimal)).toEqual([]);
  });

  it.each(['minNodes', 'maxNodes', 'datacenterID', 'resourceIdentifier', 'offeringIDs'])('requires spec.%s', (field) => {
    expect(validateNodeGroup(withoutField(field)).map((error) => error.message)).toContain(`spec.${field} is required`);
  });

  it('treats a null required field as missing', () => {
    expect(messagesFor({ minNodes: null })).toEqual(['spec.minNodes is required']);
  });

  it('rejects an object without spec', () => {
    expect(validateNodeGroup({ metadata: { name: 'g' } }).map((error) => error.message)).toEqual(['spec is required']);
  });

  it.each([null, 'a string', 42, []])('rejects a NodeGroup that is not an object (%j)', (value) => {
    expect(validateNodeGroup(value)[0]?.field).toBe('object');
  });

  it('names both fields and values when minNodes exceeds maxNodes', () => {
    expect(messagesFor({ minNodes: 5, maxNodes: 3 })).toEqual(['spec.minNodes (5) must be less than or equal to spec.maxNodes (3)']);
  });

  it('accepts minNodes equal to maxNodes', () => {
    expect(messagesFor({ minNodes: 4, maxNodes: 4 })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['minNodes below 0', { minNodes: -1 }, 'spec.minNodes (-1) must be greater than or equal to 0'],
    ['minNodes above 1000', { minNodes: 1001, maxNodes: 1000 }, 'spec.minNodes (1001) must be less than or equal to 1000'],
    ['minNodes not an integer', { minNodes: 1.5 }, 'spec.minNodes (1.5) must be an integer'],
    ['minNodes as a string', { minNodes: '1' }, 'spec.minNodes ("1") must be an integer'],
    ['maxNodes of 0', { minNodes: 0, maxNodes: 0 }, 'spec.maxNodes (0) must be greater than or equal to 1'],
    ['maxNodes above 1000', { maxNodes: 1001 }, 'spec.maxNodes (1001) must be less than or equal to 1000'],
    ['maxNodes as a boolean', { maxNodes: true }, 'spec.maxNodes (true) must be an integer'],
    ['datacenterID with a space', { datacenterID: 'us east' }, 'spec.datacenterID ("us east") must match ^[a-zA-Z0-9_-]+$'],
    ['datacenterID empty', { datacenterID: '' }, 'spec.datacenterID ("") must not be empty'],
    ['datacenterID too long', { datacenterID: 'd'.repeat(129) }, 'must be at most 128 characters (has 129)'],
    ['datacenterID as a number', { datacenterID: 7 }, 'spec.datacenterID (7) must be a string'],
    ['resourceIdentifier empty', { resourceIdentifier: '' }, 'spec.resourceIdentifier ("") must not be empty'],
    ['resourceIdentifier too long', { resourceIdentifier: 'r'.repeat(129) }, 'spec.resourceIdentifier'],
    ['project too long', { project: 'p'.repeat(129) }, 'must be at most 128 characters'],
    ['project as an object', { project: {} }, 'spec.project (an object) must be a string'],
    ['offeringIDs empty', { offeringIDs: [], preferredInstanceType: null }, 'spec.offeringIDs must have at least 1 item'],
    ['offeringIDs not a list', { offeringIDs: 'k8s-2-4', preferredInstanceType: null }, 'spec.offeringIDs ("k8s-2-4") must be a list'],
    ['more than 100 offeringIDs', { offeringIDs: Array.from({ length: 101 }, (_, i) => `o-${i}`), preferredInstanceType: null }, 'must have at most 100 items (has 101)'],
    ['an offering ID with an underscore', { offeringIDs: ['k8s_2'], preferredInstanceType: null }, 'spec.offeringIDs[0] ("k8s_2") must match ^[a-zA-Z0-9-]+$'],
    ['an empty offering ID', { offeringIDs: ['a', ''], preferredInstanceType: null }, 'spec.offeringIDs[1] ("") must not be empty'],
    ['an offering ID longer than 64', { offeringIDs: ['o'.repeat(65)], preferredInstanceType: null }, 'spec.offeringIDs[0]'],
    ['an offering ID that is not a string', { offeringIDs: [3], preferredInstanceType: null }, 'spec.offeringIDs[0] (3) must be a string'],
    ['duplicate offering IDs', { offeringIDs: ['a', 'b', 'a'], preferredInstanceType: 'a' }, 'spec.offeringIDs[2] ("a") duplicates spec.offeringIDs[0]: offering IDs must be unique'],
    ['a preferred type outside offeringIDs', { preferredInstanceType: 'k8s-64-128' }, 'spec.preferredInstanceType ("k8s-64-128") must be one of spec.offeringIDs ("k8s-2-4", "k8s-4-8", "k8s-8-16")'],
    ['an empty preferred type', { preferredInstanceType: '' }, 'spec.preferredInstanceType ("") must be one of spec.offeringIDs'],
    ['a preferred type that is not a string', { preferredInstanceType: ['k8s-4-8'] }, 'spec.preferredInstanceType (an array) must be a string'],
    ['a version without the v', { kubernetesVersion: '1.31.2' }, 'spec.kubernetesVersion ("1.31.2") must match'],
    ['a version with two parts', { kubernetesVersion: 'v1.31' }, 'spec.kubernetesVersion ("v1.31") must match'],
    ['a version with a bad suffix', { kubernetesVersion: 'v1.31.2-' }, 'spec.kubernetesVersion ("v1.31.2-") must match'],
    ['a version longer than 64', { kubernetesVersion: `v1.2.3-${'a'.repeat(60)}` }, 'spec.kubernetesVersion'],
    ['labels as a list', { labels: ['a=b'] }, 'spec.labels (an array) must be an object'],
    ['taints as an object', { taints: {} }, 'spec.taints (an object) must be a list'],
    ['scaleUpPolicy as a string', { scaleUpPolicy: 'on' }, 'spec.scaleUpPolicy ("on") must be an object'],
    ['scaleUpPolicy.enabled as a string', { scaleUpPolicy: { enabled: 'yes' } }, 'spec.scaleUpPolicy.enabled ("yes") must be a boolean (true or false)'],
    ['a scale-up window above 1800', { scaleUpPolicy: { stabilizationWindowSeconds: 1801 } }, 'spec.scaleUpPolicy.stabilizationWindowSeconds (1801) must be less than or equal to 1800'],
    ['a negative scale-up window', { scaleUpPolicy: { stabilizationWindowSeconds: -1 } }, 'spec.scaleUpPolicy.stabilizationWindowSeconds (-1) must be greater than or equal to 0'],
    ['scaleDownPolicy.enabled as a number', { scaleDownPolicy: { enabled: 1 } }, 'spec.scaleDownPolicy.enabled (1) must be a boolean'],
    ['a CPU threshold above 100', { scaleDownPolicy: { cpuThreshold: 101 } }, 'spec.scaleDownPolicy.cpuThreshold (101) must be less than or equal to 100'],
    ['a negative memory threshold', { scaleDownPolicy: { memoryThreshold: -5 } }, 'spec.scaleDownPolicy.memoryThreshold (-5) must be greater than or equal to 0'],
    ['a fractional CPU threshold', { scaleDownPolicy: { cpuThreshold: 50.5 } }, 'spec.scaleDownPolicy.cpuThreshold (50.5) must be an integer'],
    ['a scale-down window above 3600', { scaleDownPolicy: { stabilizationWindowSeconds: 3601 } }, 'spec.scaleDownPolicy.stabilizationWindowSeconds (3601) must be less than or equal to 3600'],
    ['a cooldown above 3600', { scaleDownPolicy: { cooldownSeconds: 4000 } }, 'spec.scaleDownPolicy.cooldownSeconds (4000) must be less than or equal to 3600'],
    ['disruption as a number', { disruption: 2 }, 'spec.disruption (2) must be an object'],
    ['a budget as a number', { disruption: { budget: 2 } }, 'spec.disruption.budget (2) must be a count such as "2" or a percentage such as "20%" (a string)'],
    ['a negative budget', { disruption: { budget: '-1' } }, 'spec.disruption.budget ("-1") must be a count such as "2" or a percentage such as "20%"'],
    ['a budget with a leading zero', { disruption: { budget: '05' } }, 'spec.disruption.budget ("05") must be a count'],
    ['a budget with a fraction', { disruption: { budget: '1.5' } }, 'spec.disruption.budget ("1.5") must be a count'],
    ['a budget with a space', { disruption: { budget: '20 %' } }, 'spec.disruption.budget ("20 %") must be a count'],
    ['a budget above 100%', { disruption: { budget: '150%' } }, 'spec.disruption.budget ("150%") must be a percentage of at most 100%'],
    ['a budget count above 1000', { disruption: { budget: '1001' } }, 'spec.disruption.budget ("1001") must be a count of at most 1000 nodes'],
    ['a huge budget count', { disruption: { budget: '99999999999999999999999' } }, 'must be a count of at most 1000 nodes'],
    ['rebalance as a list', { rebalance: [] }, 'spec.rebalance (an array) must be an object'],
    ['an unknown rebalance strategy', { rebalance: { strategy: 'canary' } }, 'spec.rebalance.strategy ("canary") must be one of rolling, surge, blue-green'],
    ['rebalance.enabled as a string', { rebalance: { enabled: 'true' } }, 'spec.rebalance.enabled ("true") must be a boolean'],
    ['rebalance.autoRollback as null-like string', { rebalance: { autoRollback: 'no' } }, 'spec.rebalance.autoRollback ("no") must be a boolean'],
    ['negative monthly savings', { rebalance: { minMonthlySavings: -1 } }, 'spec.rebalance.minMonthlySavings (-1) must be greater than or equal to 0'],
    ['monthly savings as a string', { rebalance: { minMonthlySavings: '10' } }, 'spec.rebalance.minMonthlySavings ("10") must be a number'],
  ])('rejects %s', (_case, spec, expected) => {
    const messages = messagesFor(spec);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it.each([
    ['a count budget', '3'],
    ['a zero budget', '0'],
    ['a 100% budget', '100%'],
    ['a 0% budget', '0%'],
    ['a count of 1000', '1000'],
  ])('accepts %s', (_case, budget) => {
    expect(messagesFor({ disruption: { budget } })).toEqual([]);
  });

  it.each(['rolling', 'surge', 'blue-green'])('accepts the %s rebalance strategy', (strategy) => {
    expect(messagesFor({ rebalance: { strategy } })).toEqual([]);
  });

  it.each(['v1.31.2', 'v1.31.2-rc.1', 'v1.31.2+vpsie.1', 'v1.31.2-rc.1+build.5'])('accepts Kubernetes version %s', (kubernetesVersion) => {
    expect(messagesFor({ kubernetesVersion })).toEqual([]);
  });

  it('counts characters, not UTF-16 units, against maxLength', () => {
    // 128 astral characters are 256 UTF-16 units but exactly the 128 characters allowed.
    expect(messagesFor({ resourceIdentifier: '😀'.repeat(128) })).toEqual([]);
    expect(messagesFor({ resourceIdentifier: '😀'.repeat(129) })[0]).toContain('must be at most 128 characters (has 129)');
  });

  it('rejects a name that cannot be the value of the nodegroup label', () => {
    const object = validNodeGroup();
    (object.metadata as Record<string, unknown>).name = 'g'.repeat(64);
    expect(validateNodeGroup(object).map((error) => error.message)).toEqual([
      `metadata.name ("${'g'.repeat(40)}…") must be at most 63 characters: it becomes the value of the autoscaler.vpsie.com/nodegroup label`,
    ]);
  });

  it('collects every violation instead of stopping at the first', () => {
    const errors = validateNodeGroup(validNodeGroup({ minNodes: 9, maxNodes: 2, datacenterID: 'a b', offeringIDs: ['x', 'x'], preferredInstanceType: 'y' }));
    expect(errors.map((error) => error.field)).toEqual(['spec.minNodes', 'spec.datacenterID', 'spec.offeringIDs[1]', 'spec.preferredInstanceType']);
  });

  it('shortens huge values in messages', () => {
    const [error] = validateNodeGroup(validNodeGroup({ datacenterID: 'x'.repeat(100_000) }));
    expect(error?.message.length).toBeLessThan(200);
  });
});

describe('validateNodeGroupUpdate', () => {
  it('allows changing sizes, offerings and policies', () => {
    expect(validateNodeGroupUpdate(validNodeGroup(), validNodeGroup({ maxNodes: 20, offeringIDs: ['k8s-4-8'], preferredInstanceType: null }))).toEqual([]);
  });

  it.each([
    ['datacenterID', 'eu-west-1'],
    ['resourceIdentifier', 'other-cluster'],
  ])('forbids changing spec.%s', (field, next) => {
    const before = validNodeGroup();
    const after = validNodeGroup({ [field]: next });
    const previous = JSON.stringify((before.spec as Record<string, unknown>)[field]);
    expect(validateNodeGroupUpdate(before, after).map((error) => error.message)).toEqual([
      `spec.${field} (${JSON.stringify(next)}) is immutable: it was ${previous} and cannot be changed`,
    ]);
  });

  it('forbids removing an immutable field', () => {
    const after = validNodeGroup();
    delete (after.spec as Record<string, unknown>).datacenterID;
    expect(validateNodeGroupUpdate(validNodeGroup(), after).map((error) => error.field)).toEqual(['spec.datacenterID']);
  });
});
