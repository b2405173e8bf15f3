import { describe, expect, it } from 'vitest';
import type { RequestAttributes } from '../../../src/sim/kube/auth.ts';
import { ruleAllows } from '../../../src/sim/kube/rbac/index.ts';
import type { PolicyRule } from '../../../src/sim/kube/rbac/types.ts';

const pods = (verb: string, extra: Partial<RequestAttributes> = {}): RequestAttributes => ({ verb, group: '', resource: 'pods', namespace: 'default', ...extra });
const path = (p: string, verb = 'get'): RequestAttributes => ({ verb, path: p });

describe('RBAC rule matching (RuleAllows)', () => {
  const podReader: PolicyRule = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] };

  it.each<[string, PolicyRule, RequestAttributes, boolean]>([
    ['a listed verb', podReader, pods('list'), true],
    ['an unlisted verb', podReader, pods('delete'), false],
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, pods('deletecollection'), true],
    ['no verbs at all', { apiGroups: [''], resources: ['pods'] }, pods('get'), false],
    ['verbs are case-sensitive', { verbs: ['GET'], apiGroups: [''], resources: ['pods'] }, pods('get'), false],
    ['the core group needs ""', { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, pods('get'), false],
    ['apiGroups *', { verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }, { verb: 'get', group: 'apps', resource: 'deployments' }, true],
    ['no apiGroups matches no group, not even the core one', { verbs: ['get'], resources: ['pods'] }, pods('get'), false],
    ['another resource', podReader, { verb: 'get', group: '', resource: 'secrets', namespace: 'default' }, false],
    ['resources *', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, { verb: 'get', group: '', resource: 'secrets' }, true],
    ['resources * covers subresources', { verbs: ['create'], apiGroups: [''], resources: ['*'] }, pods('create', { subresource: 'eviction', name: 'p' }), true],
  ])('%s', (_name, rule, attributes, allowed) => {
    expect(ruleAllows(attributes, rule)).toBe(allowed);
  });

  it.each<[string, PolicyRule, RequestAttributes, boolean]>([
    ['a resource does not cover its subresources', { verbs: ['create'], apiGroups: [''], resources: ['pods'] }, pods('create', { subresource: 'eviction', name: 'p' }), false],
    ['resource/subresource matches exactly', { verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] }, pods('create', { subresource: 'eviction', name: 'p' }), true],
    ['a subresource rule does not cover the resource', { verbs: ['get'], apiGroups: [''], resources: ['nodes/status'] }, { verb: 'get', group: '', resource: 'nodes', name: 'n1' }, false],
    ['another subresource', { verbs: ['update'], apiGroups: [''], resources: ['nodes/status'] }, { verb: 'update', group: '', resource: 'nodes', subresource: 'proxy', name: 'n1' }, false],
    ['*/scale matches the scale of any resource', { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] }, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' }, true],
    ['*/scale does not match the resource itself', { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] }, { verb: 'patch', group: 'apps', resource: 'deployments', name: 'web' }, false],
    ['*/scale does not match another subresource', { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] }, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'status', name: 'web' }, false],
    ['pods/* is no wildcard', { verbs: ['create'], apiGroups: [''], resources: ['pods/*'] }, pods('create', { subresource: 'eviction', name: 'p' }), false],
  ])('subresources: %s', (_name, rule, attributes, allowed) => {
    expect(ruleAllows(attributes, rule)).toBe(allowed);
  });

  describe('resourceNames', () => {
    const named: PolicyRule = { verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'deletecollection'], apiGroups: [''], resources: ['secrets', 'pods/eviction'], resourceNames: ['creds'] };
    it.each<[string, RequestAttributes, boolean]>([
      ['get of the named object', { verb: 'get', group: '', resource: 'secrets', namespace: 'kube-system', name: 'creds' }, true],
      ['get of another object', { verb: 'get', group: '', resource: 'secrets', namespace: 'kube-system', name: 'other' }, false],
      ['update of the named object', { verb: 'update', group: '', resource: 'secrets', namespace: 'kube-system', name: 'creds' }, true],
      ['delete of the named object', { verb: 'delete', group: '', resource: 'secrets', namespace: 'kube-system', name: 'creds' }, true],
      ['a list (no name)', { verb: 'list', group: '', resource: 'secrets', namespace: 'kube-system' }, false],
      ['a list whose field selector pins the name', { verb: 'list', group: '', resource: 'secrets', namespace: 'kube-system', name: 'creds' }, true],
      ['a watch (no name)', { verb: 'watch', group: '', resource: 'secrets', namespace: 'kube-system' }, false],
      ['a create (never has a name)', { verb: 'create', group: '', resource: 'secrets', namespace: 'kube-system' }, false],
      ['a deletecollection', { verb: 'deletecollection', group: '', resource: 'secrets', namespace: 'kube-system' }, false],
      ['a subresource create on the named object', pods('create', { subresource: 'eviction', name: 'creds' }), true],
      ['a subresource create on another object', pods('create', { subresource: 'eviction', name: 'web-1' }), false],
    ])('%s', (_name, attributes, allowed) => {
      expect(ruleAllows(attributes, named)).toBe(allowed);
    });

    it('an empty resourceNames list restricts nothing', () => {
      expect(ruleAllows({ verb: 'list', group: '', resource: 'secrets' }, { verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: [] })).toBe(true);
    });
  });

  describe('nonResourceURLs', () => {
    const discovery: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/healthz', '/openapi/*', '/version', '/version/'] };
    it.each<[string, RequestAttributes, boolean]>([
      ['an exact path', path('/version'), true],
      ['the trailing-slash form only when listed', path('/version/'), true],
      ['a path not listed', path('/metrics'), false],
      ['a prefix glob matches below it', path('/api/v1'), true],
      ['a prefix glob matches deep below it', path('/openapi/v3/apis/apps/v1'), true],
      ['/api itself, listed exactly next to /api/*', path('/api'), true],
      ['/apis is not under /api/*', path('/apis'), false],
      ['/healthz/etcd is not /healthz', path('/healthz/etcd'), false],
      ['the verb must match too', path('/version', 'post'), false],
    ])('%s', (_name, attributes, allowed) => {
      expect(ruleAllows(attributes, discovery)).toBe(allowed);
    });

    it('* matches every path', () => {
      expect(ruleAllows(path('/anything/at/all'), { verbs: ['get'], nonResourceURLs: ['*'] })).toBe(true);
    });

    it('a glob matches anything starting with its prefix, even without a slash', () => {
      expect(ruleAllows(path('/healthzfoo'), { verbs: ['get'], nonResourceURLs: ['/healthz*'] })).toBe(true);
    });

    it('a resource rule never matches a path', () => {
      expect(ruleAllows(path('/api'), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(false);
    });

    it('a path rule never matches a resource', () => {
      expect(ruleAllows(pods('get'), { verbs: ['*'], nonResourceURLs: ['*'] })).toBe(false);
    });
  });
});
