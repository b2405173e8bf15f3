/**
 * A small evaluator for the Common Expression Language subset that admission matchConditions
 * use: literals, `request`/`object`/`oldObject` field access, comparison, logic, `in`, `has()`,
 * `size()`, string `startsWith`/`endsWith`/`contains`/`matches`, and the list macros
 * `exists`, `all`, `exists_one`, `filter`, `map`. Anything else is a compile error, so a rule
 * the simulator cannot evaluate is reported rather than silently passed.
 */
type Value = unknown;
type Env = Record<string, Value>;

export class CelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelError';
  }
}

type Node =
  | { k: 'lit'; v: Value }
  | { k: 'id'; name: string }
  | { k: 'sel'; obj: Node; field: string }
  | { k: 'idx'; obj: Node; index: Node }
  | { k: 'call'; fn: string; target?: Node; args: Node[] }
  | { k: 'un'; op: string; arg: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'map'; entries: [Node, Node][] };

const TOKEN = /\s*(?:(\d+\.\d+|\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:.,()[\]{}]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) throw new CelError(`Syntax error: unexpected character at offset ${TOKEN.lastIndex} in ${JSON.stringify(src)}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return out;
}

function unquote(s: string): string {
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

class Parser {
  #t: string[];
  #i = 0;
  constructor(src: string) {
    this.#t = tokenize(src);
  }
  parse(): Node {
    const n = this.#expr();
    if (this.#i < this.#t.length) throw new CelError(`Syntax error: unexpected ${JSON.stringify(this.#t[this.#i])}`);
    return n;
  }
  #peek(): string | undefined {
    return this.#t[this.#i];
  }
  #eat(tok: string): boolean {
    if (this.#t[this.#i] === tok) {
      this.#i++;
      return true;
    }
    return false;
  }
  #expect(tok: string): void {
    if (!this.#eat(tok)) throw new CelError(`Syntax error: expected ${JSON.stringify(tok)}, found ${JSON.stringify(this.#peek() ?? 'end of input')}`);
  }
  #expr(): Node {
    const c = this.#binary(0);
    if (this.#eat('?')) {
      const t = this.#expr();
      this.#expect(':');
      return { k: 'cond', c, t, f: this.#expr() };
    }
    return c;
  }
  static LEVELS = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%']];
  #binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.#unary();
    let l = this.#binary(level + 1);
    for (;;) {
      const op = this.#peek();
      if (op === undefined || !Parser.LEVELS[level]!.includes(op)) return l;
      this.#i++;
      l = { k: 'bin', op, l, r: this.#binary(level + 1) };
    }
  }
  #unary(): Node {
    if (this.#eat('!')) return { k: 'un', op: '!', arg: this.#unary() };
    if (this.#eat('-')) return { k: 'un', op: '-', arg: this.#unary() };
    return this.#member();
  }
  #args(): Node[] {
    const args: Node[] = [];
    if (this.#eat(')')) return args;
    do args.push(this.#expr());
    while (this.#eat(','));
    this.#expect(')');
    return args;
  }
  #member(): Node {
    let n = this.#primary();
    for (;;) {
      if (this.#eat('.')) {
        const field = this.#t[this.#i++];
        if (!field || !/^[A-Za-z_]/.test(field)) throw new CelError('Syntax error: expected a field name after "."');
        n = this.#eat('(') ? { k: 'call', fn: field, target: n, args: this.#args() } : { k: 'sel', obj: n, field };
      } else if (this.#eat('[')) {
        const index = this.#expr();
        this.#expect(']');
        n = { k: 'idx', obj: n, index };
      } else return n;
    }
  }
  #primary(): Node {
    const tok = this.#t[this.#i++];
    if (tok === undefined) throw new CelError('Syntax error: unexpected end of expression');
    if (/^\d/.test(tok)) return { k: 'lit', v: Number(tok) };
    if (tok[0] === '"' || tok[0] === "'") return { k: 'lit', v: unquote(tok) };
    if (tok === 'true' || tok === 'false') return { k: 'lit', v: tok === 'true' };
    if (tok === 'null') return { k: 'lit', v: null };
    if (tok === '(') {
      const n = this.#expr();
      this.#expect(')');
      return n;
    }
    if (tok === '[') {
      const items: Node[] = [];
      if (!this.#eat(']')) {
        do items.push(this.#expr());
        while (this.#eat(','));
        this.#expect(']');
      }
      return { k: 'list', items };
    }
    if (tok === '{') {
      const entries: [Node, Node][] = [];
      if (!this.#eat('}')) {
        do {
          const key = this.#expr();
          this.#expect(':');
          entries.push([key, this.#expr()]);
        } while (this.#eat(','));
        this.#expect('}');
      }
      return { k: 'map', entries };
    }
    if (/^[A-Za-z_]/.test(tok)) return this.#eat('(') ? { k: 'call', fn: tok, args: this.#args() } : { k: 'id', name: tok };
    throw new CelError(`Syntax error: unexpected ${JSON.stringify(tok)}`);
  }
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

function field(obj: Value, name: string): Value {
  if (!isMap(obj)) throw new CelError(`no such key: ${name}`);
  if (!(name in obj) || obj[name] === undefined) throw new CelError(`no such key: ${name}`);
  return obj[name];
}

const MACROS = new Set(['exists', 'all', 'exists_one', 'filter', 'map']);

function evaluate(n: Node, env: Env): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'id':
      if (!(n.name in env)) throw new CelError(`undeclared reference to '${n.name}'`);
      return env[n.name];
    case 'sel':
      return field(evaluate(n.obj, env), n.field);
    case 'idx': {
      const obj = evaluate(n.obj, env);
      const index = evaluate(n.index, env);
      if (Array.isArray(obj)) {
        if (typeof index !== 'number' || index < 0 || index >= obj.length) throw new CelError(`index out of bounds: ${String(index)}`);
        return obj[index];
      }
      return field(obj, String(index));
    }
    case 'list':
      return n.items.map((i) => evaluate(i, env));
    case 'map':
      return Object.fromEntries(n.entries.map(([k, v]) => [String(evaluate(k, env)), evaluate(v, env)]));
    case 'cond':
      return evaluate(n.c, env) === true ? evaluate(n.t, env) : evaluate(n.f, env);
    case 'un': {
      const v = evaluate(n.arg, env);
      if (n.op === '!') {
        if (typeof v !== 'boolean') throw new CelError("no such overload for '!'");
        return !v;
      }
      if (typeof v !== 'number') throw new CelError("no such overload for '-'");
      return -v;
    }
    case 'bin':
      return binary(n, env);
    case 'call':
      return call(n, env);
  }
}

function binary(n: Extract<Node, { k: 'bin' }>, env: Env): Value {
  if (n.op === '&&' || n.op === '||') {
    // CEL's logic is commutative with errors: false && error is false, true || error is true.
    let left: Value;
    let leftError: unknown;
    try {
      left = evaluate(n.l, env);
    } catch (e) {
      leftError = e;
    }
    const short = n.op === '&&' ? false : true;
    if (left === short) return short;
    const right = evaluate(n.r, env);
    if (right === short) return short;
    if (leftError) throw leftError;
    if (typeof left !== 'boolean' || typeof right !== 'boolean') throw new CelError(`no such overload for '${n.op}'`);
    return !short;
  }
  const l = evaluate(n.l, env);
  const r = evaluate(n.r, env);
  switch (n.op) {
    case '==':
      return equal(l, r);
    case '!=':
      return !equal(l, r);
    case 'in':
      if (Array.isArray(r)) return r.some((x) => equal(x, l));
      if (isMap(r)) return typeof l === 'string' && l in r;
      throw new CelError("no such overload for 'in'");
    case '+':
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
      throw new CelError("no such overload for '+'");
  }
  if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) throw new CelError(`no such overload for '${n.op}'`);
  const a = l as number;
  const b = r as number;
  switch (n.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new CelError('division by zero');
      return Math.trunc(a / b);
    case '%':
      if (b === 0) throw new CelError('modulus by zero');
      return a % b;
  }
  throw new CelError(`unknown operator ${n.op}`);
}

function call(n: Extract<Node, { k: 'call' }>, env: Env): Value {
  if (n.fn === 'has') {
    const arg = n.args[0];
    if (n.target || n.args.length !== 1 || arg?.k !== 'sel') throw new CelError('invalid argument to has() macro');
    const obj = evaluate(arg.obj, env);
    return isMap(obj) && arg.field in obj && obj[arg.field] !== undefined;
  }
  if (n.target && MACROS.has(n.fn)) {
    const list = evaluate(n.target, env);
    const variable = n.args[0];
    const body = n.args[1];
    if (variable?.k !== 'id' || !body || n.args.length !== 2) throw new CelError(`invalid arguments to ${n.fn}() macro`);
    const items = Array.isArray(list) ? list : isMap(list) ? Object.keys(list) : undefined;
    if (!items) throw new CelError(`no such overload for ${n.fn}()`);
    const test = (x: Value) => evaluate(body, { ...env, [variable.name]: x });
    if (n.fn === 'exists') return items.some((x) => test(x) === true);
    if (n.fn === 'all') return items.every((x) => test(x) === true);
    if (n.fn === 'exists_one') return items.filter((x) => test(x) === true).length === 1;
    if (n.fn === 'filter') return items.filter((x) => test(x) === true);
    return items.map(test);
  }
  const target = n.target ? evaluate(n.target, env) : undefined;
  const args = n.args.map((a) => evaluate(a, env));
  const subject = n.target ? target : args.shift();
  switch (n.fn) {
    case 'size':
      if (typeof subject === 'string') return [...subject].length;
      if (Array.isArray(subject)) return subject.length;
      if (isMap(subject)) return Object.keys(subject).length;
      break;
    case 'startsWith':
      if (typeof subject === 'string' && typeof args[0] === 'string') return subject.startsWith(args[0]);
      break;
    case 'endsWith':
      if (typeof subject === 'string' && typeof args[0] === 'string') return subject.endsWith(args[0]);
      break;
    case 'contains':
      if (typeof subject === 'string' && typeof args[0] === 'string') return subject.includes(args[0]);
      break;
    case 'matches':
      if (typeof subject === 'string' && typeof args[0] === 'string') return new RegExp(args[0], 'u').test(subject);
      break;
    case 'string':
      return String(subject);
    default:
      throw new CelError(`undeclared reference to '${n.fn}'`);
  }
  throw new CelError(`found no matching overload for '${n.fn}'`);
}

export interface CompiledExpression {
  evaluate(env: Env): Value;
}

export function compileCel(expression: string): CompiledExpression {
  const ast = new Parser(expression).parse();
  return { evaluate: (env) => evaluate(ast, env) };
}
