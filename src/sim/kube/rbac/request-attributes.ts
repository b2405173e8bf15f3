import type { ResourceAttributes } from '../auth.ts';
import type { ResourceRequest } from '../request-info.ts';

/** Splits a field selector on the commas a backslash does not escape. */
function terms(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** A field selector value's escapes removed; undefined when the selector would not parse. */
function unescape(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === ',' || ch === '=') return undefined;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = value[++i];
    if (next !== '\\' && next !== ',' && next !== '=') return undefined;
    out += next;
  }
  return out;
}

/**
 * The name a field selector pins `metadata.name` to (fields.Selector.RequiresExactMatch over the
 * sorted terms), or undefined — also when the selector does not parse, as RequestInfo then
 * ignores it.
 */
export function exactNameOf(fieldSelector: string): string | undefined {
  let name: string | undefined;
  for (const term of terms(fieldSelector).sort()) {
    if (term === '') continue;
    const op = /!=|==|=/.exec(term);
    if (!op) return undefined;
    const value = unescape(term.slice(op.index + op[0].length));
    if (value === undefined) return undefined;
    if (name === undefined && op[0] !== '!=' && term.slice(0, op.index) === 'metadata.name') name = value;
  }
  return name;
}

/** path.IsValidPathSegmentName. */
function isPathSegment(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/**
 * What kube-apiserver authorizes a resource request as (RequestInfoFactory): a namespace object
 * is addressed inside itself, and a list or watch whose field selector pins metadata.name
 * carries that name, so a rule with resourceNames can allow it.
 */
export function resourceAttributesOf(request: ResourceRequest, query: URLSearchParams): ResourceAttributes {
  let { namespace, name } = request;
  if (request.resource === 'namespaces' && name !== undefined) namespace = name;
  if (name === undefined && (request.verb === 'list' || request.verb === 'watch')) {
    const selector = query.get('fieldSelector');
    const pinned = selector ? exactNameOf(selector) : undefined;
    if (pinned !== undefined && isPathSegment(pinned)) name = pinned;
  }
  return { verb: request.verb, group: request.group, resource: request.resource, subresource: request.subresource, namespace, name };
}
