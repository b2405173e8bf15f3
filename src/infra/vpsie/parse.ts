import type { z } from 'zod';
import { VpsieProtocolError } from './errors.ts';
import type { ApiRequest, ApiResponse } from './exchange.ts';

/** `data[3].cpu`: the path as a reader of the JSON would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'response';
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** zod's messages name expected and received types, never the value: safe for a login response. */
function describeIssue(issue: z.core.$ZodIssue): string {
  return `${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

export function parseResponse<S extends z.ZodType>(schema: S, response: ApiResponse, request: Pick<ApiRequest, 'method' | 'path'>): z.output<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const summary = issues.slice(0, 3).map(describeIssue).join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
  throw new VpsieProtocolError(`unexpected response: ${summary}`, {
    method: request.method,
    path: request.path,
    status: response.status,
    requestId: response.requestId,
  });
}
