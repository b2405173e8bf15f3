// Field selectors as k8s.io/apimachinery/pkg/fields parses them (with value escaping), checked
// against the field labels the real server accepts for the type.
import { SelectorError } from './selector-error.ts';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  /** Unescaped. */
  readonly value: string;
}

/** The field labels a type supports, and how the real server refuses any other. */
export interface SelectableFields {
  readonly labels: readonly string[];
  readonly rejection: (label: string) => string;
}

export type Fields = Readonly<Record<string, string>>;

export class FieldSelector {
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = requirements;
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  /** A missing field reads as "", as fields.Set.Get does. */
  matches(fields: Fields): boolean {
    for (const { field, operator, value } of this.requirements) {
      const actual = Object.hasOwn(fields, field) ? fields[field] : '';
      if ((actual === value) === (operator === '!=')) return false;
    }
    return true;
  }

  /** The value the selector pins `field` to, if it does (Selector.RequiresExactMatch), so a caller can use an index. */
  exactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
  }

  toString(): string {
    return this.requirements.map(({ field, operator, value }) => `${field}${operator === '!=' ? '!=' : '='}${value}`).join(',');
  }
}

export function matchesFields(selector: FieldSelector, fields: Fields): boolean {
  return selector.matches(fields);
}

/**
 * fields.ParseSelector followed by the handler's field-label conversion: `f=v`, `f==v`, `f!=v`,
 * comma-separated, with `\,` `\=` `\\` escapes in values. Throws SelectorError (400).
 */
export function parseFieldSelector(text: string, supported: SelectableFields): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    requirements.push({ field: split.field, operator: split.operator, value: unescapeValue(split.value) });
  }
  for (const { field } of requirements) {
    if (!supported.labels.includes(field)) throw new SelectorError(supported.rejection(field));
  }
  return new FieldSelector(requirements);
}

/** Splits on commas a backslash does not escape; the escapes stay in the terms. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator from the left, `!=` and `==` before `=`; the field part is never unescaped. */
function splitTerm(term: string): { field: string; operator: FieldOperator; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of ['!=', '==', '='] as const) {
      if (term.startsWith(operator, i)) return { field: term.slice(0, i), operator, value: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let escaped = false;
  for (const ch of value) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      out += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === ',' || ch === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}
