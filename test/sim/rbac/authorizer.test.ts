import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceAccountUser } from '../../../src/sim/kube/auth.ts';
import { PolicyIndex, RbacAuthorizer } from '../../../src/sim/kube/rbac/index.ts';
import { ObjectStore } from '../../../src/sim/kube/store.ts';
import type { UserInfo } from '../../../src/sim/kube/types.ts';
import { clusterRole, clusterRoleBinding, group, put, remove, role, roleBinding, serviceAccount, user } from './policy.ts';

const alice: UserInfo = { username: 'alice', groups: ['devs', 'system:authenticated'] };
const autoscaler = serviceAccountUser('kube-system', 'vpsie-autoscaler');
const listPods = (namespace?: string) => ({ verb: 'list', group: '', resource: 'pods', ...(namespace ? { namespace } : {}) });
const podReader = clusterRole('pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);

let store: ObjectStore;
let index: PolicyIndex;
let authorizer: RbacAuthorizer;

beforeEach(() => {
  store = new ObjectStore();
  index = new PolicyIndex(store);
  authorizer = new RbacAuthorizer(index);
});
afterEach(() => index.stop());

describe('RBAC authorizer: subjects', () => {
  it('has no opinion for a user no binding names, and gives no reason', () => {
    put(store, podReader);
    expect(authorizer.authorize(alice, listPods('default'))).toEqual({ allowed: false });
  });

  it('allows a User subject and says which binding did', () => {
    put(store, podReader, clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]));
    expect(authorizer.authorize(alice, listPods())).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "alice-reads" of ClusterRole "pod-reader" to User "alice"' });
  });

  it('allows through any of the user\'s groups', () => {
    put(store, podReader, clusterRoleBinding('devs-read', 'pod-reader', [group('devs')]));
    expect(authorizer.authorize(alice, listPods()).reason).toBe('RBAC: allowed by ClusterRoleBinding "devs-read" of ClusterRole "pod-reader" to Group "devs"');
  });

  it('names the first subject of the binding that applies', () => {
    put(store, podReader, clusterRoleBinding('mixed', 'pod-reader', [user('bob'), group('devs'), user('alice')]));
    expect(authorizer.authorize(alice, listPods()).reason).toBe('RBAC: allowed by ClusterRoleBinding "mixed" of ClusterRole "pod-reader" to Group "devs"');
  });

  it('allows a ServiceAccount subject of a ClusterRoleBinding that names its namespace', () => {
    put(store, podReader, clusterRoleBinding('autoscaler', 'pod-reader', [serviceAccount('vpsie-autoscaler', 'kube-system')]));
    expect(authorizer.authorize(autoscaler, listPods()).reason).toBe('RBAC: allowed by ClusterRoleBinding "autoscaler" of ClusterRole "pod-reader" to ServiceAccount "vpsie-autoscaler/kube-system"');
  });

  it('never matches a ServiceAccount subject of a ClusterRoleBinding without a namespace', () => {
    put(store, podReader, clusterRoleBinding('autoscaler', 'pod-reader', [serviceAccount('vpsie-autoscaler')]));
    expect(authorizer.authorize(autoscaler, listPods('kube-system')).allowed).toBe(false);
  });

  it('gives a ServiceAccount subject of a RoleBinding without a namespace the binding\'s namespace', () => {
    put(store, role('kube-system', 'leases', [{ verbs: ['get'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] }]));
    put(store, roleBinding('kube-system', 'leader', 'Role', 'leases', [serviceAccount('vpsie-autoscaler')]));
    const decision = authorizer.authorize(autoscaler, { verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'l' });
    expect(decision.reason).toBe('RBAC: allowed by RoleBinding "leader/kube-system" of Role "leases" to ServiceAccount "vpsie-autoscaler/kube-system"');
  });

  it('does not match the same-named service account of another namespace', () => {
    put(store, podReader, clusterRoleBinding('autoscaler', 'pod-reader', [serviceAccount('vpsie-autoscaler', 'default')]));
    expect(authorizer.authorize(autoscaler, listPods()).allowed).toBe(false);
  });

  it('matches a service account named as a User subject by its username', () => {
    put(store, podReader, clusterRoleBinding('by-name', 'pod-reader', [user('system:serviceaccount:kube-system:vpsie-autoscaler')]));
    expect(authorizer.authorize(autoscaler, listPods()).allowed).toBe(true);
  });

  it('ignores subjects of unknown kinds', () => {
    put(store, podReader, clusterRoleBinding('odd', 'pod-reader', [{ kind: 'Robot', name: 'alice' }]));
    expect(authorizer.authorize(alice, listPods()).allowed).toBe(false);
  });

  it('allows members of system:masters everything without any binding, with no reason', () => {
    expect(authorizer.authorize({ username: 'root', groups: ['system:masters'] }, { verb: 'delete', group: '', resource: 'nodes', name: 'n1' })).toEqual({ allowed: true });
  });

  it('names the first allowing binding in name order', () => {
    put(store, podReader, clusterRoleBinding('b-second', 'pod-reader', [user('alice')]), clusterRoleBinding('a-first', 'pod-reader', [group('devs')]));
    expect(authorizer.authorize(alice, listPods()).reason).toContain('ClusterRoleBinding "a-first"');
  });
});

describe('RBAC authorizer: scope', () => {
  beforeEach(() => put(store, podReader, roleBinding('team-a', 'read-pods', 'ClusterRole', 'pod-reader', [user('alice')])));

  it('a RoleBinding to a ClusterRole grants its rules inside the binding\'s namespace', () => {
    expect(authorizer.authorize(alice, listPods('team-a')).reason).toBe('RBAC: allowed by RoleBinding "read-pods/team-a" of ClusterRole "pod-reader" to User "alice"');
  });

  it('a RoleBinding to a ClusterRole grants nothing in another namespace', () => {
    expect(authorizer.authorize(alice, listPods('team-b')).allowed).toBe(false);
  });

  it('a RoleBinding to a ClusterRole grants nothing at the cluster scope', () => {
    expect(authorizer.authorize(alice, listPods()).allowed).toBe(false);
  });

  it('a RoleBinding refers to the Role of its own namespace', () => {
    put(store, role('team-b', 'reader', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]), roleBinding('team-a', 'wrong-ns', 'Role', 'reader', [user('bob')]));
    expect(authorizer.authorize({ username: 'bob', groups: [] }, listPods('team-a'))).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "reader" not found' });
  });

  it('non-resource paths are granted by ClusterRoleBindings only', () => {
    put(store, clusterRole('metrics', [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]), roleBinding('team-a', 'metrics', 'ClusterRole', 'metrics', [user('alice')]));
    expect(authorizer.authorize(alice, { verb: 'get', path: '/metrics' }).allowed).toBe(false);
    put(store, clusterRoleBinding('metrics', 'metrics', [user('alice')]));
    expect(authorizer.authorize(alice, { verb: 'get', path: '/metrics' }).allowed).toBe(true);
  });
});

describe('RBAC authorizer: bindings that cannot be used', () => {
  it('says which ClusterRole a binding names is missing', () => {
    put(store, clusterRoleBinding('dangling', 'gone', [user('alice')]));
    expect(authorizer.authorize(alice, listPods())).toEqual({ allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found' });
  });

  it('a ClusterRoleBinding cannot refer to a Role', () => {
    put(store, role('default', 'r', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]), clusterRoleBinding('to-role', 'r', [user('alice')], 'Role'));
    expect(authorizer.authorize(alice, listPods('default')).reason).toBe('RBAC: role.rbac.authorization.k8s.io "r" not found');
  });

  it('refuses a roleRef of an unknown kind', () => {
    put(store, clusterRoleBinding('odd', 'x', [user('alice')], 'Policy'));
    expect(authorizer.authorize(alice, listPods()).reason).toBe('RBAC: unsupported role reference kind: "Policy"');
  });

  it('lists several problems once each, in brackets', () => {
    put(store, clusterRoleBinding('a', 'gone', [user('alice')]), clusterRoleBinding('b', 'gone', [group('devs')]), clusterRoleBinding('c', 'missing', [user('alice')]));
    expect(authorizer.authorize(alice, listPods()).reason).toBe('RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, clusterrole.rbac.authorization.k8s.io "missing" not found]');
  });

  it('reports only bindings that apply to the user', () => {
    put(store, clusterRoleBinding('bobs', 'gone', [user('bob')]));
    expect(authorizer.authorize(alice, listPods())).toEqual({ allowed: false });
  });

  it('allows when another binding allows, whatever is missing', () => {
    put(store, podReader, clusterRoleBinding('a', 'gone', [user('alice')]), clusterRoleBinding('b', 'pod-reader', [user('alice')]));
    expect(authorizer.authorize(alice, listPods())).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "pod-reader" to User "alice"' });
  });
});

describe('RBAC policy index', () => {
  it('reads the objects already in the store when it starts', () => {
    const s = new ObjectStore();
    put(s, podReader, clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]));
    const late = new PolicyIndex(s);
    expect(new RbacAuthorizer(late).authorize(alice, listPods()).allowed).toBe(true);
    late.stop();
  });

  it('follows a role gaining a rule', () => {
    put(store, clusterRole('pod-reader', []), clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]));
    expect(authorizer.authorize(alice, listPods()).allowed).toBe(false);
    put(store, podReader);
    expect(authorizer.authorize(alice, listPods()).allowed).toBe(true);
  });

  it('follows a binding being deleted', () => {
    const binding = clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]);
    put(store, podReader, binding);
    remove(store, binding);
    expect(authorizer.authorize(alice, listPods())).toEqual({ allowed: false });
  });

  it('follows a binding changing its subjects', () => {
    put(store, podReader, clusterRoleBinding('reads', 'pod-reader', [user('alice')]));
    put(store, clusterRoleBinding('reads', 'pod-reader', [user('bob')]));
    expect([authorizer.authorize(alice, listPods()).allowed, authorizer.authorize({ username: 'bob', groups: [] }, listPods()).allowed]).toEqual([false, true]);
  });

  it('follows a role being deleted', () => {
    put(store, podReader, clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]));
    remove(store, podReader);
    expect(authorizer.authorize(alice, listPods()).reason).toBe('RBAC: clusterrole.rbac.authorization.k8s.io "pod-reader" not found');
  });

  it('follows the last RoleBinding of a namespace being deleted, and a new one arriving', () => {
    const binding = roleBinding('team-a', 'read-pods', 'ClusterRole', 'pod-reader', [user('alice')]);
    put(store, podReader, binding);
    remove(store, binding);
    expect(authorizer.authorize(alice, listPods('team-a')).allowed).toBe(false);
    put(store, binding);
    expect(authorizer.authorize(alice, listPods('team-a')).allowed).toBe(true);
  });

  it('answers per namespace for one user object asked again and again', () => {
    put(store, podReader, roleBinding('team-a', 'read-pods', 'ClusterRole', 'pod-reader', [user('alice')]));
    const answers = ['team-a', 'team-b', '', 'team-a'].map((ns) => authorizer.authorize(alice, listPods(ns || undefined)).allowed);
    expect(answers).toEqual([true, false, false, true]);
  });

  it('answers a copy of a user as it answers the user', () => {
    put(store, podReader, clusterRoleBinding('devs-read', 'pod-reader', [group('devs')]));
    expect([authorizer.authorize(alice, listPods()).allowed, authorizer.authorize({ ...alice, groups: [...alice.groups] }, listPods()).allowed]).toEqual([true, true]);
  });

  it('stops following the store when stopped', () => {
    index.stop();
    put(store, podReader, clusterRoleBinding('alice-reads', 'pod-reader', [user('alice')]));
    expect(authorizer.authorize(alice, listPods()).allowed).toBe(false);
  });
});

describe('RBAC rule enumeration (SelfSubjectRulesReview)', () => {
  it('lists resource and path rules apart, with empty lists left out', () => {
    put(store, podReader, clusterRole('paths', [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]));
    put(store, clusterRoleBinding('a', 'pod-reader', [user('alice')]), clusterRoleBinding('b', 'paths', [user('alice')]));
    expect(authorizer.rulesFor(alice, 'default')).toEqual({
      resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
      incomplete: false,
    });
  });

  it('includes the rules of the namespace\'s RoleBindings', () => {
    put(store, podReader, roleBinding('team-a', 'read-pods', 'ClusterRole', 'pod-reader', [user('alice')]));
    expect([authorizer.rulesFor(alice, 'team-a').resourceRules.length, authorizer.rulesFor(alice, 'team-b').resourceRules.length]).toEqual([1, 0]);
  });

  it('keeps resourceNames', () => {
    put(store, clusterRole('one-secret', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['creds'] }]), clusterRoleBinding('a', 'one-secret', [user('alice')]));
    expect(authorizer.rulesFor(alice, 'default').resourceRules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['creds'] }]);
  });

  it('reports bindings to missing roles as an evaluation error', () => {
    put(store, clusterRoleBinding('dangling', 'gone', [user('alice')]));
    expect(authorizer.rulesFor(alice, 'default')).toEqual({ resourceRules: [], nonResourceRules: [], incomplete: false, evaluationError: 'clusterrole.rbac.authorization.k8s.io "gone" not found' });
  });
});
