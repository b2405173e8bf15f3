/**
 * Errors of the simulated API server, each carrying the metav1.Status body the real server would
 * send, so clients (kubectl, @kubernetes/client-node) see the same codes, reasons and wording.
 */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  readonly status: Status;
  constructor(status: Omit<Status, 'kind' | 'apiVersion' | 'metadata' | 'status'>) {
    super(status.message);
    this.name = 'ApiError';
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status };
  }
  /** Wraps a complete metav1.Status body (e.g. a 422 built with its causes). */
  static fromStatus(status: Partial<Status> & { code: number }): ApiError {
    const { kind: _k, apiVersion: _a, metadata: _m, status: _s, ...rest } = status;
    return new ApiError(rest);
  }

  get code(): number {
    return this.status.code;
  }
}

/** The `<resource>.<group>` form the real server uses in messages (`pods`, `nodegroups.autoscaler.vpsie.com`). */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualified(r: QualifiedResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function details(r: QualifiedResource, name: string): StatusDetails {
  return r.group ? { name, group: r.group, kind: r.resource } : { name, kind: r.resource };
}

export const errors = {
  notFound(r: QualifiedResource, name: string): ApiError {
    return new ApiError({ code: 404, reason: 'NotFound', message: `${qualified(r)} "${name}" not found`, details: details(r, name) });
  },
  pathNotFound(): ApiError {
    return new ApiError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
  },
  alreadyExists(r: QualifiedResource, name: string): ApiError {
    return new ApiError({ code: 409, reason: 'AlreadyExists', message: `${qualified(r)} "${name}" already exists`, details: details(r, name) });
  },
  conflict(r: QualifiedResource, name: string, why: string): ApiError {
    return new ApiError({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
      details: details(r, name),
    });
  },
  staleResourceVersion(r: QualifiedResource, name: string): ApiError {
    return errors.conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
  },
  badRequest(message: string): ApiError {
    return new ApiError({ code: 400, reason: 'BadRequest', message });
  },
  invalid(message: string, d: StatusDetails): ApiError {
    return new ApiError({ code: 422, reason: 'Invalid', message, details: d });
  },
  forbidden(r: QualifiedResource, name: string, why: string): ApiError {
    const subject = name ? `${qualified(r)} "${name}"` : qualified(r);
    return new ApiError({ code: 403, reason: 'Forbidden', message: `${subject} is forbidden: ${why}`, details: details(r, name) });
  },
  unauthorized(): ApiError {
    return new ApiError({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  },
  methodNotAllowed(): ApiError {
    return new ApiError({ code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource', details: {} });
  },
  notAcceptable(): ApiError {
    return new ApiError({ code: 406, reason: 'NotAcceptable', message: 'only the following media types are accepted: application/json, application/yaml' });
  },
  unsupportedMediaType(message: string): ApiError {
    return new ApiError({ code: 415, reason: 'UnsupportedMediaType', message });
  },
  gone(message: string): ApiError {
    return new ApiError({ code: 410, reason: 'Expired', message });
  },
  tooManyRequests(message: string, causes?: StatusCause[]): ApiError {
    return new ApiError({ code: 429, reason: 'TooManyRequests', message, details: causes ? { causes } : undefined });
  },
  internal(message: string): ApiError {
    return new ApiError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}`, details: { causes: [{ message }] } });
  },
  requestEntityTooLarge(limit: number): ApiError {
    return new ApiError({ code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: limit is ${limit}` });
  },
};
