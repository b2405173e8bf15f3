import { randomBytes } from 'node:crypto';
import type { UserInfo } from './types.ts';

export const ADMIN_USER: UserInfo = { username: 'sim-admin', uid: 'sim-admin', groups: ['system:masters', 'system:authenticated'] };

/** Who a request without credentials is, when anonymous requests are enabled (kube-apiserver's default). */
export const ANONYMOUS_USER: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    uid: `sa-${namespace}-${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/** Bearer tokens to users, as a static token file or a service account token authenticator would. */
export class TokenAuthenticator {
  #users = new Map<string, UserInfo>();

  add(token: string, user: UserInfo): void {
    this.#users.set(token, user);
  }

  /** Mints a new random token for a user. */
  issue(user: UserInfo): string {
    const token = randomBytes(24).toString('base64url');
    this.add(token, user);
    return token;
  }

  revoke(token: string): void {
    this.#users.delete(token);
  }

  /** The user of an `Authorization` header value, or undefined when it names no known token. */
  authenticate(header: string | undefined): UserInfo | undefined {
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return match ? this.#users.get(match[1]!) : undefined;
  }
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** A request for a path outside the resource API (`/version`, `/apis`, `/openapi/v3`, `/metrics`); the verb is the lower-cased method. */
export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export function isResourceRequest(attributes: RequestAttributes): attributes is ResourceAttributes {
  return 'resource' in attributes;
}

export interface Decision {
  allowed: boolean;
  reason?: string;
  /** An explicit deny (DecisionDeny); RBAC never denies, it only has no opinion. */
  denied?: boolean;
}

/** authorization.k8s.io/v1 ResourceRule and NonResourceRule, as SelfSubjectRulesReview reports them. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface UserRules {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Decides whether a user may act on a resource or path; the default allows every authenticated user. */
export interface Authorizer {
  authorize(user: UserInfo, attributes: RequestAttributes): Decision;
  /** What a user may do in a namespace (SelfSubjectRulesReview); absent when the authorizer cannot enumerate it. */
  rulesFor?(user: UserInfo, namespace: string): UserRules;
}

export const allowAll: Authorizer = {
  authorize: () => ({ allowed: true }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};

/** What an authorizer says a user may do in a namespace; empty and incomplete when it cannot enumerate rules. */
export function rulesOf(authorizer: Authorizer, user: UserInfo, namespace: string): UserRules {
  return authorizer.rulesFor?.(user, namespace) ?? { resourceRules: [], nonResourceRules: [], incomplete: true };
}
