import type { Admission } from './admission/admission.ts';
import type { CustomResources } from './custom-resources.ts';
import type { TypeRegistry } from './registry.ts';
import type { ObjectStore } from './store.ts';
import type { KubeObject, ResourceType, UserInfo } from './types.ts';

/** What every operation of the simulated API server works with. */
export interface ServerContext {
  readonly store: ObjectStore;
  readonly registry: TypeRegistry;
  readonly customResources: CustomResources;
  readonly admission: Admission;
  now(): Date;
  newUid(): string;
  allocateClusterIP(): string;
  /** Values served on metrics.k8s.io; the simulated cluster supplies them. */
  metrics(type: ResourceType, namespace?: string): KubeObject[];
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** One request's identity and options. */
export interface Scope {
  readonly user: UserInfo;
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly dryRun: boolean;
  readonly fieldValidation: FieldValidation;
  /** Warnings to send back in `Warning` headers. */
  readonly warnings: string[];
}
