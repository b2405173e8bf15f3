import { randomBytes } from 'node:crypto';
import type { UserInfo } from './types.ts';

export const ADMIN_USER: UserInfo = { username: 'sim-admin', uid: 'sim-admin', groups: ['system:masters', 'system:authenticated'] };

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

export interface Decision {
  allowed: boolean;
  reason?: string;
}

/** Decides whether a user may act on a resource; the default allows every authenticated user. */
export interface Authorizer {
  authorize(user: UserInfo, attributes: ResourceAttributes): Decision;
}

export const allowAll: Authorizer = { authorize: () => ({ allowed: true }) };
