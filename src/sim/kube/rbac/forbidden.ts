import { isResourceRequest, type RequestAttributes } from '../auth.ts';
import { ApiError, type StatusDetails } from '../errors.ts';
import { goQuote } from '../schema/goFormat.ts';

/** responsewriters' sanitizer: the message must not read as HTML. Quotes are fine. */
function sanitize(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** responsewriters.forbiddenMessage. */
function forbiddenMessage(username: string, attributes: RequestAttributes): string {
  const who = `User ${goQuote(username)} cannot ${attributes.verb}`;
  if (!isResourceRequest(attributes)) return `${who} path ${goQuote(attributes.path)}`;
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const what = `${who} resource ${goQuote(resource)} in API group ${goQuote(attributes.group)}`;
  return attributes.namespace ? `${what} in the namespace ${goQuote(attributes.namespace)}` : `${what} at the cluster scope`;
}

/**
 * The 403 kube-apiserver sends when authorization does not allow a request: responsewriters.Forbidden
 * around apierrors.NewForbidden, naming the resource (not the subresource) and the object.
 */
export function forbiddenError(username: string, attributes: RequestAttributes, reason?: string): ApiError {
  const message = sanitize(forbiddenMessage(username, attributes));
  const why = reason ? `${message}: ${reason}` : message;
  if (!isResourceRequest(attributes)) return new ApiError({ code: 403, reason: 'Forbidden', message: `forbidden: ${why}`, details: {} });
  const { group, resource } = attributes;
  const name = attributes.name ?? '';
  const qualified = group ? `${resource}.${group}` : resource;
  const details: StatusDetails = { ...(name ? { name } : {}), ...(group ? { group } : {}), ...(resource ? { kind: resource } : {}) };
  return new ApiError({ code: 403, reason: 'Forbidden', message: `${name ? `${qualified} ${goQuote(name)}` : qualified} is forbidden: ${why}`, details });
}
