// A parser for client-go's JSONPath templates (k8s.io/client-go/util/jsonpath), with its
// error messages. Unions (`[0,1]`) and range/end blocks are not part of this subset.
import type { JsonPathNode, SliceParam, TemplatePart } from './ast.ts';

export class JsonPathSyntaxError extends Error {
  override name = 'JsonPathSyntaxError';
}

const sliceOperator = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const dictKey = /^'([^']*)'$/;
const filterParts = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

/** %#U of a rune: U+0023 '#'. */
function describeRune(r: string): string {
  const cp = r.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

function isTerminator(r: string | undefined): boolean {
  return r === undefined || ' \t\r\n.,[]$@{}'.includes(r);
}

function isAlphaNumeric(r: string): boolean {
  return /^[_\p{L}\p{Nd}]$/u.test(r);
}

class Parser {
  #input: string;
  #pos = 0;
  #start = 0;

  constructor(input: string) {
    this.#input = input;
  }

  parseTemplate(): TemplatePart[] {
    const parts: TemplatePart[] = [];
    for (;;) {
      const open = this.#input.indexOf('{', this.#pos);
      if (open < 0) break;
      if (open > this.#pos) parts.push({ kind: 'literal', text: this.#input.slice(this.#pos, open) });
      this.#pos = open + 1;
      this.#start = this.#pos;
      const nodes: JsonPathNode[] = [];
      this.#insideAction(nodes);
      parts.push({ kind: 'action', nodes });
    }
    if (this.#pos < this.#input.length) parts.push({ kind: 'literal', text: this.#input.slice(this.#pos) });
    return parts;
  }

  /** Parses one `{...}` body; used for filter operands and `['key']`. */
  parseAction(): JsonPathNode[] {
    const nodes: JsonPathNode[] = [];
    this.#insideAction(nodes);
    return nodes;
  }

  #peek(): string | undefined {
    const cp = this.#input.codePointAt(this.#pos);
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  #next(): string | undefined {
    const r = this.#peek();
    if (r !== undefined) this.#pos += r.length;
    return r;
  }

  #consume(): string {
    const text = this.#input.slice(this.#start, this.#pos);
    this.#start = this.#pos;
    return text;
  }

  #insideAction(nodes: JsonPathNode[]): void {
    for (;;) {
      const rest = this.#input.slice(this.#pos);
      if (rest.startsWith('}')) {
        this.#pos++;
        this.#consume();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.#filter(nodes);
        continue;
      }
      if (rest.startsWith('..')) {
        this.#recursive(nodes);
        continue;
      }
      const r = this.#next();
      if (r === undefined || r === '\r' || r === '\n') throw new JsonPathSyntaxError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') this.#consume();
      else if (r === '[') this.#array(nodes);
      else if (r === '"' || r === "'") this.#quote(nodes, r);
      else if (r === '.') this.#field(nodes);
      else if (r === '+' || r === '-' || /^\p{Nd}$/u.test(r)) {
        this.#pos -= r.length;
        this.#number(nodes);
      } else if (isAlphaNumeric(r)) {
        this.#pos -= r.length;
        this.#identifier(nodes);
      } else throw new JsonPathSyntaxError(`unrecognized character in action: ${describeRune(r)}`);
    }
  }

  #identifier(nodes: JsonPathNode[]): void {
    while (!isTerminator(this.#peek())) this.#next();
    const value = this.#consume();
    if (value !== 'true' && value !== 'false') {
      throw new JsonPathSyntaxError(`unrecognized identifier ${value} (range/end blocks are not supported)`);
    }
    nodes.push({ kind: 'bool', value: value === 'true' });
  }

  #recursive(nodes: JsonPathNode[]): void {
    if (nodes.at(-1)?.kind === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.#pos += 2;
    this.#consume();
    nodes.push({ kind: 'recursive' });
    const r = this.#peek();
    if (r !== undefined && isAlphaNumeric(r)) this.#field(nodes);
  }

  #number(nodes: JsonPathNode[]): void {
    const r = this.#peek();
    if (r === '+' || r === '-') this.#next();
    while (/^[.\p{Nd}]$/u.test(this.#peek() ?? '')) this.#next();
    const value = this.#consume();
    if (/^[+-]?\d+$/.test(value)) nodes.push({ kind: 'int', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) nodes.push({ kind: 'float', value: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }

  #array(nodes: JsonPathNode[]): void {
    for (;;) {
      const r = this.#next();
      if (r === undefined || r === '\n') throw new JsonPathSyntaxError('unterminated array');
      if (r === ']') break;
    }
    let text = this.#consume().slice(1, -1);
    if (text === '*') text = ':';
    if (text.split(',').length > 1) throw new JsonPathSyntaxError(`unions are not supported: [${text}]`);
    const key = dictKey.exec(text);
    if (key !== null) {
      nodes.push(...new Parser(`.${key[1] ?? ''}}`).parseAction());
      return;
    }
    const m = sliceOperator.exec(text);
    if (m === null) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: SliceParam[] = [];
    for (let i = 0; i < 3; i++) {
      let part = m[i + 1] ?? '';
      if (part !== '') {
        if (i > 0) part = part.slice(1);
        params.push(i > 0 && part === '' ? { known: false, value: 0, derived: false } : { known: true, value: Number(part), derived: false });
      } else if (i === 1) {
        params.push({ known: true, value: (params[0]?.value ?? 0) + 1, derived: true });
      } else {
        params.push({ known: false, value: 0, derived: false });
      }
    }
    nodes.push({ kind: 'array', params: params as unknown as readonly [SliceParam, SliceParam, SliceParam] });
  }

  #filter(nodes: JsonPathNode[]): void {
    this.#pos += 3;
    this.#consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.#next();
      if (r === undefined || r === '\n') throw new JsonPathSyntaxError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
        } else if (this.#input[this.#pos - 2] !== '\\' && r === pair) {
          end = true;
        }
      } else if (r === ')' && begin === end) {
        break;
      }
    }
    if (this.#next() !== ']') throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.#consume().slice(0, -2);
    const m = filterParts.exec(text);
    if (m === null) {
      nodes.push({ kind: 'filter', left: new Parser(`${text}}`).parseAction(), right: [], operator: 'exists' });
      return;
    }
    const operator = m[2] ?? '';
    if (!['==', '!=', '<', '>', '<=', '>='].includes(operator)) throw new JsonPathSyntaxError(`unrecognized filter operator ${operator}`);
    const left = new Parser(`${m[1] ?? ''}}`).parseAction();
    const right = new Parser(`${m[3] ?? ''}}`).parseAction();
    nodes.push({ kind: 'filter', left, right, operator });
  }

  #quote(nodes: JsonPathNode[], quote: string): void {
    for (;;) {
      const r = this.#next();
      if (r === undefined || r === '\n') throw new JsonPathSyntaxError('unterminated quoted string');
      if (r === quote && this.#input[this.#pos - 2] !== '\\') break;
    }
    const value = this.#consume();
    nodes.push({ kind: 'text', text: unquote(value) });
  }

  #field(nodes: JsonPathNode[]): void {
    this.#consume();
    for (;;) {
      const r = this.#next();
      if (r === '\\') this.#next();
      else if (isTerminator(r)) {
        if (r !== undefined) this.#pos -= r.length;
        break;
      }
    }
    const value = this.#consume();
    nodes.push(value === '*' ? { kind: 'wildcard' } : { kind: 'field', name: value.replaceAll('\\', '') });
  }
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** UnquoteExtend: Go string unquoting that also accepts single quotes. */
function unquote(quoted: string): string {
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = escapes[body[i + 1] ?? ''];
    if (e === undefined) throw new JsonPathSyntaxError(`unquote string ${quoted} error invalid syntax`);
    out += e;
    i++;
  }
  return out;
}

export function parseTemplate(template: string): TemplatePart[] {
  return new Parser(template).parseTemplate();
}
