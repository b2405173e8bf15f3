import { describe, expect, it } from 'vitest';
import type { RequestAttributes } from '../../../src/sim/kube/auth.ts';
import { forbiddenError } from '../../../src/sim/kube/rbac/index.ts';

const sa = 'system:serviceaccount:kube-system:x';

describe('403 answers worded as kube-apiserver words them', () => {
  it.each<[string, RequestAttributes, string]>([
    ['a list in a namespace', { verb: 'list', group: '', resource: 'pods', namespace: 'default' }, `pods is forbidden: User "${sa}" cannot list resource "pods" in API group "" in the namespace "default"`],
    ['a list across namespaces', { verb: 'list', group: '', resource: 'secrets' }, `secrets is forbidden: User "${sa}" cannot list resource "secrets" in API group "" at the cluster scope`],
    ['a named cluster-scoped object', { verb: 'delete', group: '', resource: 'nodes', name: 'n1' }, `nodes "n1" is forbidden: User "${sa}" cannot delete resource "nodes" in API group "" at the cluster scope`],
    ['a subresource names the resource and the combined form', { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'web-1' }, `pods "web-1" is forbidden: User "${sa}" cannot create resource "pods/eviction" in API group "" in the namespace "default"`],
    ['a grouped resource', { verb: 'update', group: 'autoscaler.vpsie.com', resource: 'nodegroups', subresource: 'status', namespace: 'kube-system', name: 'general' }, `nodegroups.autoscaler.vpsie.com "general" is forbidden: User "${sa}" cannot update resource "nodegroups/status" in API group "autoscaler.vpsie.com" in the namespace "kube-system"`],
    ['a path', { verb: 'get', path: '/metrics' }, `forbidden: User "${sa}" cannot get path "/metrics"`],
  ])('%s', (_name, attributes, message) => {
    expect(forbiddenError(sa, attributes).status.message).toBe(message);
  });

  it('appends the authorizer\'s reason', () => {
    expect(forbiddenError('alice', { verb: 'get', path: '/api' }, 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found').status.message).toBe(
      'forbidden: User "alice" cannot get path "/api": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('escapes what could read as HTML in the message, not in the reason', () => {
    expect(forbiddenError('<b>&', { verb: 'get', path: '/x' }, '<r>').status.message).toBe('forbidden: User "&lt;b&gt;&amp;" cannot get path "/x": <r>');
  });

  it('quotes as Go does', () => {
    expect(forbiddenError('a"b', { verb: 'get', group: '', resource: 'pods', name: 'tab\there', namespace: 'd' }).status.message).toBe('pods "tab\\there" is forbidden: User "a\\"b" cannot get resource "pods" in API group "" in the namespace "d"');
  });

  it('is a 403 Status naming the resource and object in its details', () => {
    expect(forbiddenError(sa, { verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'd', name: 'web' }).status).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 403,
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });

  it('leaves out empty details fields, as Go\'s omitempty does', () => {
    expect([forbiddenError(sa, { verb: 'list', group: '', resource: 'pods' }).status.details, forbiddenError(sa, { verb: 'get', path: '/x' }).status.details]).toEqual([{ kind: 'pods' }, {}]);
  });
});
