import type { ResourceType, UserInfo } from '../types.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What admission sees of a request. */
export interface AdmissionAttributes {
  operation: Operation;
  type: ResourceType;
  subresource?: string;
  /** For subresources with their own kind (Eviction, Scale, Binding): that kind. */
  subresourceKind?: { group: string; version: string; kind: string };
  namespace?: string;
  name: string;
  object?: unknown;
  oldObject?: unknown;
  user: UserInfo;
  dryRun: boolean;
  options?: unknown;
}
