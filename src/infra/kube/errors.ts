import { ApiException } from '@kubernetes/client-node';

/** A failed Kubernetes API call as metav1.Status: the one place client-node's raw bodies are parsed. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly causes: Array<{ reason?: string; message?: string; field?: string }>;

  constructor(code: number, reason: string, message: string, causes: KubeApiError['causes'] = []) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.causes = causes;
  }
}

function parseBody(body: unknown): { reason?: string; message?: string; details?: { causes?: KubeApiError['causes'] } } {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as ReturnType<typeof parseBody>;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return (body ?? {}) as ReturnType<typeof parseBody>;
}

/** Converts client-node's ApiException (whose body is raw text) into a KubeApiError; other errors pass through. */
export function asKubeError(error: unknown): unknown {
  if (!(error instanceof ApiException)) return error;
  const status = parseBody(error.body);
  return new KubeApiError(error.code, status.reason ?? '', status.message ?? `HTTP ${error.code}`, status.details?.causes ?? []);
}

function codeOf(error: unknown): number | undefined {
  const e = asKubeError(error);
  return e instanceof KubeApiError ? e.code : undefined;
}

export const isNotFound = (error: unknown): boolean => codeOf(error) === 404;
export const isConflict = (error: unknown): boolean => codeOf(error) === 409;
export const isTooManyRequests = (error: unknown): boolean => codeOf(error) === 429;
export const isAlreadyExists = (error: unknown): boolean => {
  const e = asKubeError(error);
  return e instanceof KubeApiError && e.code === 409 && e.reason === 'AlreadyExists';
};

/** Runs a call and rethrows its failure as a KubeApiError. */
export async function kubeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asKubeError(error);
  }
}

/** Runs a call, treating 404 as `undefined` (a delete or get of something already gone). */
export async function ignoreNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await kubeCall(call);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
