// CRD `pattern`s are Go RE2 regular expressions, not ECMA-262 ones. This translates the RE2
// syntax we can express into an equivalent JavaScript RegExp (with the `u` flag, so `.` and
// classes match whole code points like Go's runes) and rejects what RE2 itself rejects
// (backreferences, lookaround), so a pattern behaves here as it does on a real API server.
// Not translatable, and rejected with a clear message: flags changed mid-pattern ((?i) after the
// start, (?i:...)), \C, and ungreedy mode (?U).

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Characters that keep their backslash in a `u`-mode JS pattern. */
const jsSyntax = new Set('^$\\.*+?()[]{}|/'.split(''));
const perlClasses: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };

class Translator {
  #src: string;
  #pos = 0;
  #out = '';
  #flags = 'u';

  constructor(src: string) {
    this.#src = src;
  }

  run(): RegExp {
    this.#leadingFlags();
    while (this.#pos < this.#src.length) this.#atom(false);
    return new RegExp(this.#out, this.#flags);
  }

  #leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.#src);
    if (m === null) return;
    const given = m[1] ?? '';
    if (given.includes('U')) throw new Error('ungreedy mode (?U) is not supported by the simulator');
    for (const f of given) if (!this.#flags.includes(f)) this.#flags += f;
    this.#pos = m[0].length;
  }

  #atom(inClass: boolean): void {
    const c = this.#src[this.#pos] ?? '';
    if (c === '\\') return this.#escape(inClass);
    if (inClass) {
      this.#pos++;
      this.#out += c === '[' || c === '/' ? `\\${c}` : c;
      return;
    }
    if (c === '[') return this.#class();
    if (c === '(') return this.#group();
    if (c === '{') return this.#brace();
    this.#pos++;
    this.#out += c === ']' || c === '}' || c === '/' ? `\\${c}` : c;
  }

  #group(): void {
    const rest = this.#src.slice(this.#pos);
    if (rest.startsWith('(?P<')) {
      this.#out += '(?<';
      this.#pos += 4;
    } else if (rest.startsWith('(?:') || rest.startsWith('(?<') && !/^\(\?<[=!]/.test(rest)) {
      this.#out += rest.startsWith('(?:') ? '(?:' : '(?<';
      this.#pos += 3;
    } else if (rest.startsWith('(?')) {
      const what = /^\(\?[=!]|^\(\?<[=!]/.test(rest) ? 'lookaround' : 'flag group';
      throw new Error(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\` (${what})`);
    } else {
      this.#out += '(';
      this.#pos++;
    }
  }

  /** `{n}`, `{n,}`, `{n,m}` repeat; any other brace is a literal in RE2 but a syntax error in `u` mode. */
  #brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.#src.slice(this.#pos));
    if (m === null) {
      this.#out += '\\{';
      this.#pos++;
      return;
    }
    const lo = Number(m[1]);
    const hi = m[3] === undefined || m[3] === '' ? lo : Number(m[3]);
    if (lo > 1000 || hi > 1000) throw new Error(`invalid repeat count: \`${m[0]}\``);
    this.#out += m[0];
    this.#pos += m[0].length;
  }

  #class(): void {
    this.#pos++;
    let body = '';
    const saved = this.#out;
    this.#out = '';
    if (this.#src[this.#pos] === '^') {
      body += '^';
      this.#pos++;
    }
    if (this.#src[this.#pos] === ']') {
      body += '\\]';
      this.#pos++;
    }
    while (this.#src[this.#pos] !== ']') {
      if (this.#pos >= this.#src.length) throw new Error('missing closing ]');
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.#src.slice(this.#pos));
      if (posix !== null) {
        const set = posixClasses[posix[2] ?? ''];
        if (set === undefined || posix[1] === '^') throw new Error(`invalid character class range: \`${posix[0]}\``);
        this.#out += set;
        this.#pos += posix[0].length;
        continue;
      }
      this.#atom(true);
    }
    this.#pos++;
    this.#out = `${saved}[${body}${this.#out}]`;
  }

  #escape(inClass: boolean): void {
    const c = this.#src[this.#pos + 1];
    if (c === undefined) throw new Error('trailing backslash at end of expression');
    this.#pos += 2;
    if (/[1-7]/.test(c) && !/[0-7]/.test(this.#src[this.#pos] ?? '')) {
      throw new Error(`invalid escape sequence: \`\\${c}\` (backreferences are not supported)`);
    }
    if (/[0-7]/.test(c)) {
      const digits = c + (/^[0-7]{0,2}/.exec(this.#src.slice(this.#pos))?.[0] ?? '');
      this.#pos += digits.length - 1;
      this.#out += `\\u{${parseInt(digits, 8).toString(16)}}`;
      return;
    }
    const perl = perlClasses[c.toLowerCase()];
    if (perl !== undefined) {
      const negated = c !== c.toLowerCase();
      if (inClass && negated) this.#out += `\\${c}`;
      else this.#out += inClass ? perl : `[${negated ? '^' : ''}${perl}]`;
      return;
    }
    switch (c) {
      case 'A': this.#out += inClass ? 'A' : '^'; return;
      case 'z': this.#out += inClass ? 'z' : '$'; return;
      case 'b': case 'B': this.#out += `\\${c}`; return;
      case 'a': this.#out += '\\x07'; return;
      case 'f': case 'n': case 'r': case 't': case 'v': this.#out += `\\${c}`; return;
      case 'p': case 'P': return this.#unicodeClass(c);
      case 'x': return this.#hex();
      case 'Q': return this.#quoted();
      case 'C': throw new Error('\\C is not supported by the simulator');
    }
    if (/[A-Za-z0-9]/.test(c)) throw new Error(`invalid escape sequence: \`\\${c}\``);
    this.#out += jsSyntax.has(c) || (inClass && c === '-') ? `\\${c}` : c;
  }

  #unicodeClass(c: string): void {
    const rest = this.#src.slice(this.#pos);
    const m = /^\{(\^?)(\w+)\}|^(\w)/.exec(rest);
    if (m === null) throw new Error(`invalid character class range: \`\\${c}${rest.slice(0, 1)}\``);
    const negate = (c === 'P') !== (m[1] === '^');
    this.#out += `\\${negate ? 'P' : 'p'}{${m[2] ?? m[3]}}`;
    this.#pos += m[0].length;
  }

  #hex(): void {
    const rest = this.#src.slice(this.#pos);
    const m = /^\{([0-9A-Fa-f]+)\}|^([0-9A-Fa-f]{2})/.exec(rest);
    if (m === null) throw new Error(`invalid escape sequence: \`\\x${rest.slice(0, 2)}\``);
    this.#out += `\\u{${m[1] ?? m[2]}}`;
    this.#pos += m[0].length;
  }

  #quoted(): void {
    const end = this.#src.indexOf('\\E', this.#pos);
    const text = end < 0 ? this.#src.slice(this.#pos) : this.#src.slice(this.#pos, end);
    this.#out += text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    this.#pos = end < 0 ? this.#src.length : end + 2;
  }
}

/** Compiles a Go (RE2) regular expression into an equivalent JavaScript RegExp, or throws like regexp.Compile. */
export function compileGoRegexp(pattern: string): RegExp {
  return new Translator(pattern).run();
}
