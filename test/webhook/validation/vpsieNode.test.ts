import { describe, expect, it } from 'vitest';
import { validateVPSieNode, validateVPSieNodeUpdate } from '../../../webhook/validation/vpsieNode.ts';
import { validVPSieNode } from '../support/admissionReviews.ts';

function messagesFor(spec: Record<string, unknown>): string[] {
  return validateVPSieNode(validVPSieNode(spec)).map((error) => error.message);
}

describe('validateVPSieNode', () => {
  it('accepts a valid VPSieNode', () => {
    expect(validateVPSieNode(validVPSieNode())).toEqual([]);
  });

  it.each(['nodeGroupName', 'offeringID', 'datacenterID', 'resourceIdentifier'])('requires spec.%s', (field) => {
    const object = validVPSieNode();
    delete (object.spec as Record<string, unknown>)[field];
    expect(validateVPSieNode(object).map((error) => error.message)).toEqual([`spec.${field} is required`]);
  });

  it.each(['scale-up', 'min-nodes', 'rebalance', 'replace'])('accepts the %s reason', (reason) => {
    expect(messagesFor({ reason })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a node group name with uppercase', { nodeGroupName: 'General' }, 'spec.nodeGroupName ("General") must be a lowercase RFC 1123 subdomain'],
    ['a node group name longer than 63', { nodeGroupName: 'g'.repeat(64) }, 'spec.nodeGroupName'],
    ['an empty node group name', { nodeGroupName: '' }, 'spec.nodeGroupName ("") must not be empty'],
    ['a node group name as a number', { nodeGroupName: 1 }, 'spec.nodeGroupName (1) must be a string'],
    ['an offering ID with a dot', { offeringID: 'k8s.2' }, 'spec.offeringID ("k8s.2") must match ^[a-zA-Z0-9-]+$'],
    ['an offering ID longer than 64', { offeringID: 'o'.repeat(65) }, 'spec.offeringID'],
    ['a datacenter ID with a slash', { datacenterID: 'us/east' }, 'spec.datacenterID ("us/east") must match ^[a-zA-Z0-9_-]+$'],
    ['an empty resource identifier', { resourceIdentifier: '' }, 'spec.resourceIdentifier ("") must not be empty'],
    ['a project longer than 128', { project: 'p'.repeat(129) }, 'spec.project'],
    ['a bad Kubernetes version', { kubernetesVersion: 'latest' }, 'spec.kubernetesVersion ("latest") must match'],
    ['an unknown reason', { reason: 'because' }, 'spec.reason ("because") must be one of scale-up, min-nodes, rebalance, replace'],
  ])('rejects %s', (_case, spec, expected) => {
    const messages = messagesFor(spec);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it('rejects a name that cannot be the value of the vpsienode label', () => {
    const object = validVPSieNode();
    (object.metadata as Record<string, unknown>).name = 'n'.repeat(64);
    expect(validateVPSieNode(object)[0]?.message).toContain('it becomes the value of the autoscaler.vpsie.com/vpsienode label');
  });

  it('rejects a VPSieNode without spec', () => {
    expect(validateVPSieNode({ metadata: {} }).map((error) => error.message)).toEqual(['spec is required']);
  });
});

describe('validateVPSieNodeUpdate', () => {
  it('allows changing the fields that may change', () => {
    expect(validateVPSieNodeUpdate(validVPSieNode(), validVPSieNode({ reason: 'replace', kubernetesVersion: 'v1.32.0' }))).toEqual([]);
  });

  it.each([
    ['nodeGroupName', 'other'],
    ['offeringID', 'k8s-8-16'],
    ['datacenterID', 'eu-west-1'],
    ['resourceIdentifier', 'other-cluster'],
  ])('forbids changing spec.%s', (field, next) => {
    const errors = validateVPSieNodeUpdate(validVPSieNode(), validVPSieNode({ [field]: next }));
    expect(errors.map((error) => error.field)).toEqual([`spec.${field}`]);
    expect(errors[0]?.message).toContain('is immutable');
  });

  it('reports every changed immutable field', () => {
    const errors = validateVPSieNodeUpdate(validVPSieNode(), validVPSieNode({ offeringID: 'x', datacenterID: 'y' }));
    expect(errors.map((error) => error.field)).toEqual(['spec.offeringID', 'spec.datacenterID']);
  });

  it('treats null and absent as the same', () => {
    expect(validateVPSieNodeUpdate(validVPSieNode({ project: undefined }), validVPSieNode({ project: null }))).toEqual([]);
  });

  it('reports a field set where it was unset', () => {
    const before = validVPSieNode();
    delete (before.spec as Record<string, unknown>).offeringID;
    expect(validateVPSieNodeUpdate(before, validVPSieNode())[0]?.message).toBe('spec.offeringID ("k8s-4-8") is immutable: it was unset and cannot be changed');
  });
});
