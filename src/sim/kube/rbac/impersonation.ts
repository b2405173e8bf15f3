import { ANONYMOUS_USER, type Authorizer, type ResourceAttributes } from '../auth.ts';
import { goQuote } from '../schema/goFormat.ts';
import { isDns1123Label, isDns1123Subdomain } from '../schema/index.ts';
import type { UserInfo } from '../types.ts';
import { forbiddenError } from './forbidden.ts';
import { SERVICE_ACCOUNT_PREFIX } from './types.ts';

const AUTHENTICATION_V1 = 'authentication.k8s.io/v1';
const EXTRA_PREFIX = 'impersonate-extra-';

/** One thing a request asks to act as (a v1.ObjectReference in the real filter). */
interface ImpersonationRequest {
  kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID';
  namespace?: string;
  name: string;
  apiVersion?: string;
  fieldPath?: string;
}

export type ImpersonationOutcome = { user: UserInfo } | { internalError: string };

/** Whether a request carries any Impersonate-* header (checked on every request, so on the raw list). */
export function hasImpersonationHeaders(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length > 12 && (name.charCodeAt(0) | 32) === 105 && name.slice(0, 12).toLowerCase() === 'impersonate-') return true;
  }
  return false;
}

/** serviceaccount.SplitUsername: a valid namespace and name, or not a service account. */
function splitServiceAccount(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (isDns1123Label(namespace).length || isDns1123Subdomain(name).length) return undefined;
  return { namespace, name };
}

/** url.PathUnescape, keeping the key as sent when it is malformed. */
function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** `%v` of a v1.ObjectReference: its seven string fields in declaration order, space-separated. */
function goReference(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace ?? '', r.name, '', r.apiVersion ?? '', '', r.fieldPath ?? ''].join(' ')}}`;
}

function requestsOf(headers: NodeJS.Dict<string[]>): { requests: ImpersonationRequest[]; groupsSpecified: boolean; error?: string } {
  const requests: ImpersonationRequest[] = [];
  const requestedUser = headers['impersonate-user']?.[0] ?? '';
  if (requestedUser) {
    const sa = splitServiceAccount(requestedUser);
    requests.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: requestedUser });
  }
  const groups = headers['impersonate-group'] ?? [];
  for (const group of groups) requests.push({ kind: 'Group', name: group });
  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    hasExtra = true;
    const fieldPath = unescapeExtraKey(header.slice(EXTRA_PREFIX.length));
    for (const value of values ?? []) requests.push({ kind: 'UserExtra', apiVersion: AUTHENTICATION_V1, name: value, fieldPath });
  }
  const uid = headers['impersonate-uid']?.[0] ?? '';
  if (uid) requests.push({ kind: 'UID', name: uid, apiVersion: AUTHENTICATION_V1 });
  const groupsSpecified = groups.length > 0;
  if ((groupsSpecified || hasExtra || uid) && !requestedUser) {
    return { requests, groupsSpecified, error: `requested [${requests.map(goReference).join(' ')}] without impersonating a user` };
  }
  return { requests, groupsSpecified };
}

/** What asking to act as `r` is authorized as: verb impersonate on users, groups, serviceaccounts, uids or userextras. */
function attributesOf(r: ImpersonationRequest): ResourceAttributes {
  const group = r.apiVersion ? r.apiVersion.split('/')[0]! : '';
  switch (r.kind) {
    case 'ServiceAccount':
      return { verb: 'impersonate', group, resource: 'serviceaccounts', namespace: r.namespace, name: r.name };
    case 'User':
      return { verb: 'impersonate', group, resource: 'users', name: r.name };
    case 'Group':
      return { verb: 'impersonate', group, resource: 'groups', name: r.name };
    case 'UserExtra':
      return { verb: 'impersonate', group, resource: 'userextras', subresource: r.fieldPath, name: r.name };
    case 'UID':
      return { verb: 'impersonate', group, resource: 'uids', name: r.name };
  }
}

/**
 * kube-apiserver's WithImpersonation filter: each Impersonate-* header must be authorized for
 * the requester (verb `impersonate`), else 403 naming the first refused one; the request then
 * runs as the impersonated user. A service account gets its groups unless groups are given;
 * system:authenticated is added for anyone but system:anonymous, who gets system:unauthenticated.
 * Headers without Impersonate-User are refused as the filter does, with a plain-text 500.
 */
export function impersonate(headers: NodeJS.Dict<string[]>, requestUri: string, requester: UserInfo, authorizer: Authorizer): ImpersonationOutcome {
  const { requests, groupsSpecified, error } = requestsOf(headers);
  if (error !== undefined) {
    const text = `Internal Server Error: ${goQuote(requestUri)}: ${error}`;
    return { internalError: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') };
  }
  let username = '';
  let groups: string[] = [];
  let uid: string | undefined;
  for (const r of requests) {
    const attributes = attributesOf(r);
    switch (r.kind) {
      case 'ServiceAccount':
        username = `${SERVICE_ACCOUNT_PREFIX}${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = ['system:serviceaccounts', `system:serviceaccounts:${r.namespace}`];
        break;
      case 'User':
        username = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UID':
        uid = r.name;
        break;
      case 'UserExtra':
        // Authorized like the real filter; UserInfo has no extra for it to carry.
        break;
    }
    const decision = authorizer.authorize(requester, attributes);
    if (!decision.allowed) throw forbiddenError(requester.username, attributes, decision.reason);
  }
  if (username !== ANONYMOUS_USER.username) {
    if (!groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) groups.push('system:authenticated');
  } else if (!groups.includes('system:unauthenticated')) {
    groups.push('system:unauthenticated');
  }
  return { user: { username, groups, ...(uid !== undefined ? { uid } : {}) } };
}
