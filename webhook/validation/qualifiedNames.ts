/**
 * Kubernetes name syntax (apimachinery `validation.IsQualifiedName`, `IsValidLabelValue`,
 * `IsDNS1123Subdomain`), returning the broken rules as phrases so callers can prefix the field.
 */

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const NAME_PART_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const LABEL_VALUE_MAX_LENGTH = 63;

const NAME_PART_SYNTAX = `alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;

export function dnsSubdomainProblems(text: string): string[] {
  if (text.length === 0) return ['must not be empty'];
  if (text.length > DNS1123_SUBDOMAIN_MAX_LENGTH) return [`must be at most ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`];
  if (!DNS1123_SUBDOMAIN.test(text)) {
    return [`must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`];
  }
  return [];
}

function namePartProblems(name: string): string[] {
  if (name.length === 0) return ['name part must not be empty'];
  if (name.length > NAME_PART_MAX_LENGTH) return [`name part must be at most ${NAME_PART_MAX_LENGTH} characters`];
  if (!NAME_PART.test(name)) return [`name part must consist of ${NAME_PART_SYNTAX}`];
  return [];
}

/** An optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`must contain at most one '/' (an optional DNS-subdomain prefix, '/', then a name)`];
  if (parts.length === 1) return namePartProblems(key);
  const [prefix, name] = parts as [string, string];
  const prefixProblems = prefix.length === 0 ? ['prefix part must not be empty'] : dnsSubdomainProblems(prefix).map((problem) => `prefix part ${problem}`);
  return [...prefixProblems, ...namePartProblems(name)];
}

export function labelValueProblems(value: string): string[] {
  if (value.length === 0) return [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) return [`must be at most ${LABEL_VALUE_MAX_LENGTH} characters`];
  if (!NAME_PART.test(value)) return [`must be empty or consist of ${NAME_PART_SYNTAX}`];
  return [];
}

/** The prefix of a key, or undefined when it has none. */
export function keyPrefix(key: string): string | undefined {
  const slash = key.indexOf('/');
  return slash === -1 ? undefined : key.slice(0, slash);
}

function isUnder(prefix: string, domain: string): boolean {
  return prefix === domain || prefix.endsWith(`.${domain}`);
}

/** Kubernetes owns every label under kubernetes.io and k8s.io, subdomains included. */
export function isKubernetesReservedPrefix(prefix: string): boolean {
  return isUnder(prefix, 'kubernetes.io') || isUnder(prefix, 'k8s.io');
}

export const AUTOSCALER_LABEL_DOMAIN = 'autoscaler.vpsie.com';

/** The autoscaler writes its own ownership labels; a NodeGroup must not be able to forge them. */
export function isAutoscalerReservedPrefix(prefix: string): boolean {
  return isUnder(prefix, AUTOSCALER_LABEL_DOMAIN);
}
