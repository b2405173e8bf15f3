import { describe, expect, it } from 'vitest';
import { resourceAttributesOf } from '../../../src/sim/kube/rbac/index.ts';
import { exactNameOf } from '../../../src/sim/kube/rbac/request-attributes.ts';
import { parseResourcePath } from '../../../src/sim/kube/request-info.ts';

function attributesOf(method: string, url: string) {
  const [path, query = ''] = url.split('?') as [string, string?];
  const params = new URLSearchParams(query);
  return resourceAttributesOf(parseResourcePath(method, path, params)!, params);
}

describe('what a request is authorized as (RequestInfo)', () => {
  it('a namespaced get', () => {
    expect(attributesOf('GET', '/api/v1/namespaces/kube-system/secrets/creds')).toEqual({ verb: 'get', group: '', resource: 'secrets', subresource: undefined, namespace: 'kube-system', name: 'creds' });
  });

  it('a list across namespaces has no namespace', () => {
    expect(attributesOf('GET', '/api/v1/secrets')).toMatchObject({ verb: 'list', resource: 'secrets', namespace: undefined, name: undefined });
  });

  it('a subresource', () => {
    expect(attributesOf('POST', '/api/v1/namespaces/default/pods/web-1/eviction')).toMatchObject({ verb: 'create', resource: 'pods', subresource: 'eviction', name: 'web-1', namespace: 'default' });
  });

  it('a namespace object is addressed inside itself', () => {
    expect(attributesOf('GET', '/api/v1/namespaces/team-a')).toMatchObject({ verb: 'get', resource: 'namespaces', name: 'team-a', namespace: 'team-a' });
  });

  it('a namespace\'s status too', () => {
    expect(attributesOf('PUT', '/api/v1/namespaces/team-a/status')).toMatchObject({ verb: 'update', resource: 'namespaces', subresource: 'status', namespace: 'team-a' });
  });

  it('the list of namespaces is cluster-scoped', () => {
    expect(attributesOf('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', resource: 'namespaces', namespace: undefined });
  });

  it('a list whose field selector pins metadata.name carries the name', () => {
    expect(attributesOf('GET', '/api/v1/namespaces/kube-system/secrets?fieldSelector=metadata.name%3Dcreds')).toMatchObject({ verb: 'list', name: 'creds' });
  });

  it('a watch whose field selector pins metadata.name carries the name', () => {
    expect(attributesOf('GET', '/api/v1/namespaces/kube-system/secrets?watch=true&fieldSelector=metadata.name%3D%3Dcreds')).toMatchObject({ verb: 'watch', name: 'creds' });
  });

  it('a deletecollection does not take the name from its field selector', () => {
    expect(attributesOf('DELETE', '/api/v1/namespaces/kube-system/secrets?fieldSelector=metadata.name%3Dcreds')).toMatchObject({ verb: 'deletecollection', name: undefined });
  });

  it('a name that is not a valid path segment is not taken', () => {
    expect(attributesOf('GET', '/api/v1/secrets?fieldSelector=metadata.name%3Da%2Fb').name).toBeUndefined();
  });
});

describe('the name a field selector pins (RequiresExactMatch)', () => {
  it.each<[string, string | undefined]>([
    ['metadata.name=creds', 'creds'],
    ['metadata.name==creds', 'creds'],
    ['metadata.name!=creds', undefined],
    ['metadata.namespace=kube-system,metadata.name=creds', 'creds'],
    ['status.phase=Running', undefined],
    ['metadata.name=a\\,b', 'a,b'],
    ['metadata.name=b,metadata.name=a', 'a'],
    ['metadata.name=a=b', undefined],
    ['metadata.name=a,garbage', undefined],
    ['metadata.name=x\\y', undefined],
    ['', undefined],
  ])('%j → %j', (selector, name) => {
    expect(exactNameOf(selector)).toBe(name);
  });
});
