import { describe, expect, it } from 'vitest';
import type { Authorizer, RequestAttributes } from '../../../src/sim/kube/auth.ts';
import { ApiError } from '../../../src/sim/kube/errors.ts';
import { hasImpersonationHeaders, impersonate } from '../../../src/sim/kube/rbac/index.ts';
import type { UserInfo } from '../../../src/sim/kube/types.ts';

const requester: UserInfo = { username: 'alice', groups: ['system:authenticated'] };

/** An authorizer that allows what `allow` says and records every question it was asked. */
function recording(allow: (a: RequestAttributes) => boolean = () => true): Authorizer & { asked: RequestAttributes[] } {
  const asked: RequestAttributes[] = [];
  return { asked, authorize: (_u, a) => (asked.push(a), { allowed: allow(a) }) };
}

function as(headers: Record<string, string[]>, authorizer: Authorizer = recording()) {
  return impersonate(headers, '/api/v1/pods', requester, authorizer);
}

function refusal(headers: Record<string, string[]>, authorizer: Authorizer): ApiError {
  try {
    as(headers, authorizer);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('impersonation was allowed');
}

describe('impersonation headers', () => {
  it('a user gets system:authenticated', () => {
    expect(as({ 'impersonate-user': ['bob'] })).toEqual({ user: { username: 'bob', groups: ['system:authenticated'] } });
  });

  it('a user with groups gets them and system:authenticated', () => {
    expect(as({ 'impersonate-user': ['bob'], 'impersonate-group': ['devs', 'ops'] })).toEqual({ user: { username: 'bob', groups: ['devs', 'ops', 'system:authenticated'] } });
  });

  it('naming system:unauthenticated keeps system:authenticated out', () => {
    expect(as({ 'impersonate-user': ['bob'], 'impersonate-group': ['system:unauthenticated'] })).toEqual({ user: { username: 'bob', groups: ['system:unauthenticated'] } });
  });

  it('a service account gets its groups', () => {
    expect(as({ 'impersonate-user': ['system:serviceaccount:kube-system:vpsie-autoscaler'] })).toEqual({
      user: { username: 'system:serviceaccount:kube-system:vpsie-autoscaler', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
    });
  });

  it('a service account with groups given gets those instead', () => {
    expect(as({ 'impersonate-user': ['system:serviceaccount:kube-system:x'], 'impersonate-group': ['g'] })).toEqual({ user: { username: 'system:serviceaccount:kube-system:x', groups: ['g', 'system:authenticated'] } });
  });

  it('a malformed service account name is an ordinary user', () => {
    const authorizer = recording();
    as({ 'impersonate-user': ['system:serviceaccount:Bad_NS:x'] }, authorizer);
    expect(authorizer.asked).toEqual([{ verb: 'impersonate', group: '', resource: 'users', name: 'system:serviceaccount:Bad_NS:x' }]);
  });

  it('system:anonymous gets system:unauthenticated', () => {
    expect(as({ 'impersonate-user': ['system:anonymous'] })).toEqual({ user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } });
  });

  it('a uid is carried', () => {
    expect(as({ 'impersonate-user': ['bob'], 'impersonate-uid': ['1234'] })).toEqual({ user: { username: 'bob', groups: ['system:authenticated'], uid: '1234' } });
  });

  it('asks for verb impersonate on each thing, in order', () => {
    const authorizer = recording();
    as({ 'impersonate-user': ['system:serviceaccount:kube-system:x'], 'impersonate-group': ['g'], 'impersonate-extra-scopes': ['view'], 'impersonate-uid': ['u1'] }, authorizer);
    expect(authorizer.asked).toEqual([
      { verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: 'kube-system', name: 'x' },
      { verb: 'impersonate', group: '', resource: 'groups', name: 'g' },
      { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'userextras', subresource: 'scopes', name: 'view' },
      { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'uids', name: 'u1' },
    ]);
  });

  it('unescapes percent-encoded extra keys', () => {
    const authorizer = recording();
    as({ 'impersonate-user': ['bob'], 'impersonate-extra-example.com%2fteam': ['a'] }, authorizer);
    expect(authorizer.asked[1]).toMatchObject({ resource: 'userextras', subresource: 'example.com/team' });
  });

  it('refuses an unauthorized user with the real 403', () => {
    const error = refusal({ 'impersonate-user': ['bob'] }, recording(() => false));
    expect([error.code, error.status.message]).toEqual([403, 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope']);
  });

  it('refuses an unauthorized service account in its namespace', () => {
    const error = refusal({ 'impersonate-user': ['system:serviceaccount:kube-system:x'] }, recording(() => false));
    expect(error.status.message).toBe('serviceaccounts "x" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "kube-system"');
  });

  it('refuses at the first group that is not allowed', () => {
    const error = refusal({ 'impersonate-user': ['bob'], 'impersonate-group': ['devs', 'system:masters'] }, recording((a) => !('name' in a) || a.name !== 'system:masters'));
    expect(error.status.message).toBe('groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope');
  });

  it('refuses an unauthorized uid in the authentication group', () => {
    const error = refusal({ 'impersonate-user': ['bob'], 'impersonate-uid': ['u1'] }, recording((a) => 'resource' in a && a.resource !== 'uids'));
    expect(error.status.message).toBe('uids.authentication.k8s.io "u1" is forbidden: User "alice" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');
  });

  it('answers groups without a user with the filter\'s plain-text 500', () => {
    expect(as({ 'impersonate-group': ['system:masters'] })).toEqual({ internalError: 'Internal Server Error: "/api/v1/pods": requested [{Group  system:masters    }] without impersonating a user' });
  });

  it('answers a uid or extra without a user the same way', () => {
    expect(as({ 'impersonate-extra-scopes': ['a'], 'impersonate-uid': ['u'] })).toEqual({
      internalError: 'Internal Server Error: "/api/v1/pods": requested [{UserExtra  a  authentication.k8s.io/v1  scopes} {UID  u  authentication.k8s.io/v1  }] without impersonating a user',
    });
  });
});

describe('spotting impersonation headers', () => {
  it.each<[string[], boolean]>([
    [['Authorization', 'Bearer x', 'Impersonate-User', 'bob'], true],
    [['impersonate-group', 'g'], true],
    [['IMPERSONATE-EXTRA-X', 'v'], true],
    [['Authorization', 'Bearer x', 'Accept', 'application/json'], false],
    [['Impersonate-', 'x'], false],
  ])('%j → %s', (raw, expected) => {
    expect(hasImpersonationHeaders(raw)).toBe(expected);
  });
});
