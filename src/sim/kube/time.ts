/** RFC 3339 with whole seconds, the form Kubernetes writes metav1.Time in. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
