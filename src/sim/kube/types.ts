/** Shapes shared by the simulated API server's parts. Objects are plain JSON, as on the wire. */
import type { FieldError } from './schema/index.ts';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Everything else is the type's own (spec, status, data, …); the server treats it as JSON.
  [key: string]: unknown;
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export type Subresource = 'status' | 'scale' | 'eviction' | 'binding';

/** A table column as the server describes it to `kubectl get` (meta.k8s.io/v1 TableColumnDefinition). */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
}

export interface TableConvertor {
  columns: TableColumn[];
  cells(obj: KubeObject, now: number): unknown[];
}

/** Hooks that give a built-in type the behaviour of its registry strategy in kube-apiserver. */
export interface TypeStrategy {
  /** Fills defaults and resets server-owned fields on create (e.g. Pod status.phase = Pending). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Runs on every update of the main resource after status was carried over. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Type-specific validation beyond ObjectMeta and schema. */
  validate?(obj: KubeObject, old: KubeObject | undefined): FieldError[];
}

export interface StrategyContext {
  now: () => Date;
  allocateClusterIP: () => string;
}

export interface ScaleSubresource {
  specReplicasPath: string[];
  statusReplicasPath: string[];
  labelSelectorPath?: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  subresources: Subresource[];
  /** Whether the main resource ignores status and `/status` ignores everything else. */
  statusSubresource: boolean;
  /** Whether metadata.generation tracks changes outside metadata and status. */
  tracksGeneration: boolean;
  /** Custom resources refuse a PUT without metadata.resourceVersion; built-ins allow it. */
  allowUnconditionalUpdate: boolean;
  /** Name rule the real server applies to this type. */
  nameRule: 'dns1123Subdomain' | 'dns1123Label' | 'dns1035Label' | 'path';
  /** Served from a provider rather than the store (metrics.k8s.io); get and list only. */
  readOnly?: boolean;
  scale?: ScaleSubresource;
  table?: TableConvertor;
  strategy?: TypeStrategy;
  /** Set for custom resources: the CRD that defines them. */
  crdName?: string;
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Storage key of a type: all versions of a group/resource share one collection, as in etcd. */
export function storageKeyOf(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}
