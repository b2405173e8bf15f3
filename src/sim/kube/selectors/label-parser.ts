// The label selector grammar of k8s.io/apimachinery/pkg/labels (Lexer and Parser), token for
// token, so that every selector the real server accepts parses here to the same requirements
// and every one it refuses is refused with the same message.
import { goQuote } from '../schema/goFormat.ts';
import type { LabelOperator, LabelRequirement, LabelSelector } from './label-selector.ts';
import { LabelSelector as Selector, aggregate, requirementErrors } from './label-selector.ts';
import { labelKeyErrors } from './label-validation.ts';
import { SelectorError } from './selector-error.ts';

type Token = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Scanned {
  readonly token: Token;
  readonly literal: string;
}

const literalTokens: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', ')'], [',', ','], ['!', '!'], ['==', '=='], ['=', '='], ['>', '>'], ['in', 'in'], ['<', '<'], ['!=', '!='], ['notin', 'notin'], ['(', '('],
]);

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch);

/** Lexer.Lex over the whole input. A NUL character ends the input, as the Go lexer reads it. */
function scan(text: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  const at = (i: number) => (i < text.length && text[i] !== '\0' ? (text[i] as string) : '');
  for (;;) {
    while (at(pos) !== '' && isWhitespace(at(pos))) pos++;
    const ch = at(pos);
    if (ch === '') {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    let end = pos;
    if (isSpecialSymbol(ch)) {
      // The longest run of symbols that still forms a token: "!=" but "=" then "!" for "=!".
      let best = '';
      while (at(end) !== '' && isSpecialSymbol(at(end))) {
        const candidate = text.slice(pos, end + 1);
        if (literalTokens.has(candidate)) best = candidate;
        else if (best !== '') break;
        end++;
      }
      pos += best.length;
      items.push({ token: literalTokens.get(best) as Token, literal: best });
    } else {
      while (at(end) !== '' && !isSpecialSymbol(at(end)) && !isWhitespace(at(end))) end++;
      const word = text.slice(pos, end);
      pos = end;
      const keyword = literalTokens.get(word);
      items.push({ token: keyword === 'in' || keyword === 'notin' ? keyword : 'identifier', literal: word });
    }
  }
}

class Parser {
  readonly #items: Scanned[];
  #position = 0;

  constructor(text: string) {
    this.#items = scan(text);
  }

  /** In value position the keywords `in` and `notin` are plain identifiers. */
  #lookahead(values: boolean): Scanned {
    return Parser.#asValue(this.#items[this.#position] as Scanned, values);
  }

  #consume(values: boolean): Scanned {
    return Parser.#asValue(this.#items[this.#position++] as Scanned, values);
  }

  static #asValue(item: Scanned, values: boolean): Scanned {
    return values && (item.token === 'in' || item.token === 'notin') ? { token: 'identifier', literal: item.literal } : item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.#lookahead(true);
      if (next.token === 'end') return requirements;
      if (next.token !== 'identifier' && next.token !== '!') {
        throw new SelectorError(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.#requirement());
      const after = this.#consume(true);
      if (after.token === 'end') return requirements;
      if (after.token !== ',') throw new SelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.#lookahead(true);
      if (following.token !== 'identifier' && following.token !== '!') {
        throw new SelectorError(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  #requirement(): LabelRequirement {
    try {
      const { key, operator: inferred } = this.#keyAndInferredOperator();
      let operator: LabelOperator;
      let values: string[];
      if (inferred !== undefined) {
        [operator, values] = [inferred, []];
      } else {
        operator = this.#operator();
        values = operator === 'in' || operator === 'notin' ? this.#valueSet() : this.#exactValue();
      }
      const errors = requirementErrors(key, operator, values, true);
      if (errors.length > 0) throw new SelectorError(aggregate(errors));
      return { key, operator, values };
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  #keyAndInferredOperator(): { key: string; operator: LabelOperator | undefined } {
    let item = this.#consume(true);
    let operator: LabelOperator | undefined;
    if (item.token === '!') {
      operator = '!';
      item = this.#consume(true);
    }
    if (item.token !== 'identifier') throw new SelectorError(`found '${item.literal}', expected: identifier`);
    const keyErrors = labelKeyErrors(item.literal);
    if (keyErrors.length > 0) throw new SelectorError(`<nil>: Invalid value: ${goQuote(item.literal)}: ${keyErrors.join('; ')}`);
    const next = this.#lookahead(true).token;
    if ((next === 'end' || next === ',') && operator === undefined) operator = 'exists';
    return { key: item.literal, operator };
  }

  #operator(): LabelOperator {
    const item = this.#consume(false);
    switch (item.token) {
      case 'in': return 'in';
      case 'notin': return 'notin';
      case '=': return '=';
      case '==': return '==';
      case '!=': return '!=';
      case '>': return 'gt';
      case '<': return 'lt';
      default: throw new SelectorError(`found '${item.literal}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  /** parseValues: `(a,b)`, `()` (one empty value), and empty items between commas; sorted and deduplicated. */
  #valueSet(): string[] {
    const open = this.#consume(true);
    if (open.token !== '(') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const first = this.#lookahead(true);
    if (first.token === ')') {
      this.#consume(true);
      return [''];
    }
    if (first.token !== 'identifier' && first.token !== ',') {
      throw new SelectorError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.#identifiers();
    if (this.#consume(true).token !== ')') throw new SelectorError(`found '${first.literal}', expected: ')'`);
    return [...values].sort();
  }

  #identifiers(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const item = this.#consume(true);
      if (item.token === 'identifier') {
        values.add(item.literal);
        const next = this.#lookahead(true);
        if (next.token === ',') continue;
        if (next.token === ')') return values;
        throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (item.token !== ',') throw new SelectorError(`found '${item.literal}', expected: ',', or identifier`);
      if (values.size === 0) values.add('');
      const next = this.#lookahead(true).token;
      if (next === ')') {
        values.add('');
        return values;
      }
      if (next === ',') values.add('');
    }
  }

  #exactValue(): string[] {
    const next = this.#lookahead(true);
    if (next.token === 'end' || next.token === ',') return [''];
    const item = this.#consume(true);
    if (item.token === 'identifier') return [item.literal];
    throw new SelectorError(`found '${item.literal}', expected: identifier`);
  }
}

/**
 * labels.Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`,
 * comma-separated. Throws SelectorError worded as the real server's 400.
 */
export function parseLabelSelector(text: string): LabelSelector {
  return Selector.of(new Parser(text).parse());
}
