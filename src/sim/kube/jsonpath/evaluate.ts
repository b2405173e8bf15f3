// Evaluation of parsed JSONPath actions over decoded JSON, following client-go's jsonpath with
// AllowMissingKeys(true) (how the CRD table convertor runs it): a missing key yields nothing,
// while a type error (indexing a map, an out-of-range slice, an incomparable filter operand)
// fails the whole evaluation, which callers see as no result.
import type { JsonPathNode } from './ast.ts';

export class JsonPathEvaluationError extends Error {
  override name = 'JsonPathEvaluationError';
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined;
}

function field(input: unknown[], name: string): unknown[] {
  const out: unknown[] = [];
  for (const v of input) if (isMap(v) && Object.hasOwn(v, name)) out.push(v[name]);
  return out;
}

function wildcard(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (Array.isArray(v)) out.push(...v);
    else if (isMap(v)) out.push(...Object.values(v));
  }
  return out;
}

function slice(input: unknown[], node: Extract<JsonPathNode, { kind: 'array' }>): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (isNil(v)) continue;
    if (!Array.isArray(v)) throw new JsonPathEvaluationError(`${typeof v} is not array or slice`);
    const len = v.length;
    const [p0, p1, p2] = node.params;
    let start = p0.known ? p0.value : 0;
    if (start < 0) start += len;
    let end = p1.known ? p1.value : len;
    if (end < 0 || (end === 0 && p1.derived)) end += len;
    if (end === start) return out;
    if (start >= len || start < 0) throw new JsonPathEvaluationError(`array index out of bounds: index ${start}, length ${len}`);
    if (end > len || end < 0) throw new JsonPathEvaluationError(`array index out of bounds: index ${end - 1}, length ${len}`);
    if (start > end) throw new JsonPathEvaluationError(`starting index ${start} is greater than ending index ${end}`);
    let step = 1;
    if (p2.known) {
      if (p2.value <= 0) throw new JsonPathEvaluationError('step must be > 0');
      step = p2.value;
    }
    for (let i = start; i < end; i += step) out.push(v[i]);
  }
  return out;
}

function recursive(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    // Go walks a string's bytes too: the string is collected, its bytes lead nowhere.
    if (typeof v === 'string' && v !== '') out.push(v);
    const children = Array.isArray(v) ? v : isMap(v) ? Object.values(v) : [];
    if (children.length === 0) continue;
    out.push(v, ...recursive(children));
  }
  return out;
}

/** text/template's basic kinds: JSON numbers are int when whole, float otherwise, and the two never compare. */
type Comparable = { kind: 'bool' | 'int' | 'float' | 'string'; value: boolean | number | string };

function comparable(v: unknown, literalKind?: 'int' | 'float'): Comparable {
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number') return { kind: literalKind ?? (Number.isInteger(v) ? 'int' : 'float'), value: v };
  throw new JsonPathEvaluationError('invalid type for comparison');
}

function compare(operator: string, a: Comparable, b: Comparable): boolean {
  if (a.kind !== b.kind) throw new JsonPathEvaluationError('incompatible types for comparison');
  if (operator === '==') return a.value === b.value;
  if (operator === '!=') return a.value !== b.value;
  if (a.kind === 'bool') throw new JsonPathEvaluationError('invalid type for comparison');
  switch (operator) {
    case '<': return a.value < b.value;
    case '>': return a.value > b.value;
    case '<=': return a.value <= b.value;
    default: return a.value >= b.value;
  }
}

function operand(nodes: readonly JsonPathNode[], element: unknown): { values: unknown[]; literal?: 'int' | 'float' } {
  const last = nodes.at(-1);
  const literal = last?.kind === 'int' || last?.kind === 'float' ? last.kind : undefined;
  const values = evaluateNodes(nodes, [element]);
  return literal === undefined ? { values } : { values, literal };
}

function filter(input: unknown[], node: Extract<JsonPathNode, { kind: 'filter' }>): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (isNil(v)) continue;
    if (!Array.isArray(v)) throw new JsonPathEvaluationError(`${typeof v} is not array or slice and cannot be filtered`);
    for (const element of v) {
      const left = operand(node.left, element);
      if (node.operator === 'exists') {
        if (left.values.length > 0) out.push(element);
        continue;
      }
      if (left.values.length === 0) continue;
      if (left.values.length > 1) throw new JsonPathEvaluationError('can only compare one element at a time');
      const right = operand(node.right, element);
      if (right.values.length === 0) continue;
      if (right.values.length > 1) throw new JsonPathEvaluationError('can only compare one element at a time');
      if (compare(node.operator, comparable(left.values[0], left.literal), comparable(right.values[0], right.literal))) out.push(element);
    }
  }
  return out;
}

function step(node: JsonPathNode, input: unknown[]): unknown[] {
  switch (node.kind) {
    case 'field': return field(input, node.name);
    case 'wildcard': return wildcard(input);
    case 'array': return slice(input, node);
    case 'filter': return filter(input, node);
    case 'recursive': return recursive(input);
    case 'text': return [node.text];
    case 'int':
    case 'float':
    case 'bool': return input.map(() => node.value);
  }
}

export function evaluateNodes(nodes: readonly JsonPathNode[], input: unknown[]): unknown[] {
  let current = input;
  for (const node of nodes) current = step(node, current);
  return current;
}
