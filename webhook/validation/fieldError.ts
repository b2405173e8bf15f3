/** One broken rule, located by its field path (for example `spec.taints[2].effect`). */
export interface FieldError {
  readonly field: string;
  /** A full sentence that starts with the field path and states the rule. */
  readonly message: string;
}

// Values are echoed into denial messages; an attacker-sized string must not become an
// attacker-sized response or log line.
const MAX_SHOWN_CHARACTERS = 40;

export function shorten(text: string, maxCharacters = MAX_SHOWN_CHARACTERS): string {
  if (text.length <= maxCharacters) return text;
  let shown = '';
  let count = 0;
  for (const character of text) {
    if (count === maxCharacters) return `${shown}…`;
    shown += character;
    count += 1;
  }
  return shown;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** `spec.minNodes (5) must be …` when the value is shown, `spec.datacenterID is required` when not. */
export function fieldError(field: string, rule: string, value?: unknown): FieldError {
  const shown = value === undefined ? '' : ` (${describeValue(value)})`;
  return { field, message: `${field}${shown} ${rule}` };
}

/** The path of a map entry: `spec.labels["team"]`. */
export function entryPath(mapField: string, key: string): string {
  return `${mapField}[${JSON.stringify(shorten(key))}]`;
}

// A denial message lists every violation up to this many; a body of thousands of bad labels
// still gets a short answer, and the count says how many were left out.
const MAX_LISTED_VIOLATIONS = 20;

export function formatViolations(errors: readonly FieldError[]): string {
  const listed = errors.slice(0, MAX_LISTED_VIOLATIONS).map((error) => error.message);
  const omitted = errors.length - listed.length;
  return omitted > 0 ? `${listed.join('; ')}; and ${omitted} more violations` : listed.join('; ');
}
