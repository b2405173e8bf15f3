import { errors } from './errors.ts';
import type { Scope, ServerContext } from './context.ts';
import type { Result } from './ops/common.ts';
import { type DeleteOptions, remove } from './ops/delete.ts';
import { get, list, type ListOptions, type ListResult } from './ops/read.ts';
import { create, patch, update } from './ops/write.ts';
import type { ResourceType, UserInfo } from './types.ts';

/** A reference to a type by its storage key (`group/plural`, e.g. `/pods`, `apps/deployments`). */
export type TypeKey = string;

/**
 * In-process access to the API with a user identity: the same validation, admission and
 * semantics as over HTTP, without the serialisation. Control-plane loops of the simulator
 * (garbage collector, namespace controller, scheduler, kubelets) use it.
 */
export class InternalClient {
  #ctx: ServerContext;
  #user: UserInfo;

  constructor(ctx: ServerContext, user: UserInfo) {
    this.#ctx = ctx;
    this.#user = user;
  }

  type(key: TypeKey): ResourceType {
    const t = this.#ctx.registry.byStorageKey(key);
    if (!t) throw errors.pathNotFound();
    return t;
  }

  #scope(key: TypeKey, namespace?: string): Scope {
    return { user: this.#user, type: this.type(key), namespace, dryRun: false, fieldValidation: 'Ignore', warnings: [] };
  }

  get(key: TypeKey, namespace: string | undefined, name: string): Result {
    return get(this.#ctx, this.#scope(key, namespace), name);
  }

  tryGet(key: TypeKey, namespace: string | undefined, name: string): Result | undefined {
    try {
      return this.get(key, namespace, name);
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }

  list(key: TypeKey, namespace?: string, options: ListOptions = {}): ListResult {
    return list(this.#ctx, this.#scope(key, namespace), options);
  }

  create(key: TypeKey, namespace: string | undefined, body: object): Promise<Result> {
    return create(this.#ctx, this.#scope(key, namespace), JSON.parse(JSON.stringify(body)));
  }

  update(key: TypeKey, namespace: string | undefined, name: string, body: object, subresource?: 'status'): Promise<Result> {
    return update(this.#ctx, this.#scope(key, namespace), name, JSON.parse(JSON.stringify(body)), subresource);
  }

  mergePatch(key: TypeKey, namespace: string | undefined, name: string, body: object, subresource?: 'status'): Promise<Result> {
    return patch(this.#ctx, this.#scope(key, namespace), name, 'application/merge-patch+json', body, subresource);
  }

  delete(key: TypeKey, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<Result> {
    return remove(this.#ctx, this.#scope(key, namespace), name, options);
  }

  /** Deletes, treating an object that is already gone as done. */
  async deleteIfExists(key: TypeKey, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    try {
      await this.delete(key, namespace, name, options);
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
}
