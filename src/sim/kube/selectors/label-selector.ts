// Label selectors as k8s.io/apimachinery/pkg/labels evaluates them. A selector is validated and
// compiled once into one predicate per requirement, so matching a list of 10,000 objects or a
// stream of watch events costs a few property reads per object.
import { goQuote } from '../schema/goFormat.ts';
import { labelKeyErrors, labelValueErrors } from './label-validation.ts';
import { SelectorError } from './selector-error.ts';

/** selection.Operator, spelled as apimachinery spells it. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

type Test = (labels: Labels) => boolean;

export class LabelSelector {
  /** Sorted by key, as the real server orders them. */
  readonly requirements: readonly LabelRequirement[];
  readonly #matchesNothing: boolean;
  readonly #tests: readonly Test[];

  private constructor(requirements: readonly LabelRequirement[], matchesNothing: boolean) {
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.#matchesNothing = matchesNothing;
    this.#tests = this.requirements.map(compile);
  }

  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    return new LabelSelector(requirements, false);
  }

  /** labels.Nothing(): what a null metav1.LabelSelector means. */
  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** True when the selector does not restrict the selection (it matches every object). */
  get empty(): boolean {
    return !this.#matchesNothing && this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    if (this.#matchesNothing) return false;
    for (const test of this.#tests) if (!test(labels)) return false;
    return true;
  }

  /** The selector's canonical text (Selector.String()), which parses back to an equal selector. */
  toString(): string {
    return this.requirements.map(formatRequirement).join(',');
  }
}

export function matchesLabels(selector: LabelSelector, labels: Labels): boolean {
  return selector.matches(labels);
}

function lookup(labels: Labels, key: string): string | undefined {
  return labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function compile({ key, operator, values }: LabelRequirement): Test {
  const has = values.length <= 4 ? (v: string) => values.includes(v) : ((set) => (v: string) => set.has(v))(new Set(values));
  switch (operator) {
    case 'in':
    case '=':
    case '==':
      return (labels) => {
        const value = lookup(labels, key);
        return value !== undefined && has(value);
      };
    case 'notin':
    case '!=':
      return (labels) => {
        const value = lookup(labels, key);
        return value === undefined || !has(value);
      };
    case 'exists':
      return (labels) => lookup(labels, key) !== undefined;
    case '!':
      return (labels) => lookup(labels, key) === undefined;
    case 'gt':
    case 'lt': {
      const bound = parseInt64(values[0] ?? '');
      return (labels) => {
        const value = parseInt64(lookup(labels, key) ?? '');
        if (value === undefined || bound === undefined) return false;
        return operator === 'gt' ? value > bound : value < bound;
      };
    }
  }
}

/** strconv.ParseInt(s, 10, 64). */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

function formatRequirement({ key, operator, values }: LabelRequirement): string {
  switch (operator) {
    case 'exists': return key;
    case '!': return `!${key}`;
    case 'in':
    case 'notin': return `${key} ${operator} (${[...values].sort().join(',')})`;
    case 'gt': return `${key}>${values[0]}`;
    case 'lt': return `${key}<${values[0]}`;
    default: return `${key}${operator}${values[0]}`;
  }
}

/**
 * labels.NewRequirement's checks, as field errors (`<path>: Invalid value: …`) under no parent
 * path. The parser checks the key itself first (with its own wording), hence `keyChecked`.
 */
export function requirementErrors(key: string, operator: LabelOperator, values: readonly string[], keyChecked: boolean): string[] {
  const errors: string[] = [];
  if (!keyChecked) {
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length > 0) errors.push(invalid('key', goQuote(key), keyErrors.join('; ')));
  }
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid('values', goStrings(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalid('values', goStrings(values), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid('values', goStrings(values), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalid('values', goStrings(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, i) => {
        if (parseInt64(value) === undefined) errors.push(invalid(`values[${i}]`, goQuote(value), "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((value, i) => {
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) errors.push(invalid(`values[${i}][${key}]`, goQuote(value), valueErrors.join('; ')));
  });
  return errors;
}

export function invalid(path: string, shownValue: string, detail: string): string {
  return `${path}: Invalid value: ${shownValue}: ${detail}`;
}

/** %#v of a []string. */
function goStrings(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated inside brackets. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

/** metav1.LabelSelector. */
export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | null }[] | null;
}

const expressionOperators: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: null (or undefined) matches nothing; a selector with neither
 * matchLabels nor matchExpressions matches everything; otherwise every requirement must hold.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) return LabelSelector.nothing();
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push(checked(key, '=', [value]));
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = Object.hasOwn(expressionOperators, expression.operator) ? expressionOperators[expression.operator] : undefined;
    if (operator === undefined) throw new SelectorError(`${goQuote(expression.operator)} is not a valid label selector operator`);
    requirements.push(checked(expression.key, operator, [...(expression.values ?? [])]));
  }
  return LabelSelector.of(requirements);
}

/**
 * Selector.String() of a selector, or of a metav1.LabelSelector through LabelSelectorAsSelector,
 * as the real server writes a Scale's status.selector ("" for one matching nothing or everything).
 */
export function formatLabelSelector(selector: LabelSelector | LabelSelectorObject | null | undefined): string {
  return (selector instanceof LabelSelector ? selector : labelSelectorFromObject(selector)).toString();
}

function checked(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errors = requirementErrors(key, operator, values, false);
  if (errors.length > 0) throw new SelectorError(aggregate(errors));
  return { key, operator, values };
}
