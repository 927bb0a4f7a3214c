/**
 * The Kingdee sandbox's FilterString and OrderString (protocols/others.md §1.5, §1.8 item 8): a small recursive-descent
 * parser for `= <> != > < >= <= in like and or not ( )`, `is [not] null`, `'…'` literals (`''` an apostrophe) and
 * numbers, and an evaluator over one row (a field → value lookup). Unknown fields are the caller's to refuse.
 */

export type Value = string | number | null;

export type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly inner: Expr }
  | { readonly kind: 'compare'; readonly field: string; readonly op: '=' | '<>' | '>' | '<' | '>=' | '<='; readonly value: Value }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly Value[]; readonly negated: boolean }
  | { readonly kind: 'like'; readonly field: string; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: 'null'; readonly field: string; readonly negated: boolean }
  | { readonly kind: 'true' };

export class FilterSyntaxError extends Error {}

type Token =
  | { readonly type: 'ident'; readonly text: string }
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'op'; readonly text: string }
  | { readonly type: 'punct'; readonly text: '(' | ')' | ',' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new FilterSyntaxError('unterminated string literal');
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ type: 'string', text });
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ type: 'punct', text: char });
      i++;
    } else if ('<>=!'.includes(char)) {
      const two = source.slice(i, i + 2);
      if (two === '<>' || two === '>=' || two === '<=' || two === '!=') {
        tokens.push({ type: 'op', text: two === '!=' ? '<>' : two });
        i += 2;
      } else if (char === '!') {
        throw new FilterSyntaxError(`unexpected "!" at ${i}`);
      } else {
        tokens.push({ type: 'op', text: char });
        i++;
      }
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i))!;
      tokens.push({ type: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i))!;
      tokens.push({ type: 'ident', text: match[0] });
      i += match[0].length;
    } else {
      throw new FilterSyntaxError(`unexpected "${char}" at ${i}`);
    }
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'is', 'null']);

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'ident' && token.text.toLowerCase() === word) {
      this.at++;
      return true;
    }
    return false;
  }

  private punct(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token?.type === 'punct' && token.text === text) {
      this.at++;
      return true;
    }
    return false;
  }

  private expect(text: '(' | ')'): void {
    if (!this.punct(text)) throw new FilterSyntaxError(`expected "${text}"`);
  }

  parse(): Expr {
    if (this.tokens.length === 0) return { kind: 'true' };
    const expr = this.or();
    if (this.at < this.tokens.length) throw new FilterSyntaxError('unexpected text after the condition');
    return expr;
  }

  private or(): Expr {
    let left = this.and();
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.keyword('and')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Expr {
    if (this.keyword('not')) return { kind: 'not', inner: this.unary() };
    if (this.punct('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.predicate();
  }

  private value(): Value {
    const token = this.tokens[this.at++];
    if (token?.type === 'string') return token.text;
    if (token?.type === 'number') return token.value;
    if (token?.type === 'ident' && token.text.toLowerCase() === 'null') return null;
    throw new FilterSyntaxError('expected a literal');
  }

  private predicate(): Expr {
    const token = this.tokens[this.at++];
    if (token?.type !== 'ident' || KEYWORDS.has(token.text.toLowerCase())) throw new FilterSyntaxError('expected a field name');
    const field = token.text;
    const next = this.peek();
    if (next?.type === 'op') {
      this.at++;
      return { kind: 'compare', field, op: next.text as '=', value: this.value() };
    }
    if (this.keyword('is')) {
      const negated = this.keyword('not');
      if (!this.keyword('null')) throw new FilterSyntaxError('expected null after is');
      return { kind: 'null', field, negated };
    }
    const negated = this.keyword('not');
    if (this.keyword('in')) {
      this.expect('(');
      const values = [this.value()];
      while (this.punct(',')) values.push(this.value());
      this.expect(')');
      return { kind: 'in', field, values, negated };
    }
    if (this.keyword('like')) {
      const pattern = this.value();
      if (typeof pattern !== 'string') throw new FilterSyntaxError('like needs a string literal');
      return { kind: 'like', field, pattern, negated };
    }
    throw new FilterSyntaxError(`expected an operator after ${field}`);
  }
}

export function parseFilter(source: string): Expr {
  return new Parser(tokenize(source)).parse();
}

/** Every field a condition names (to refuse unknown ones before evaluating). */
export function fieldsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
    case 'not':
      return fieldsOf(expr.inner);
    case 'true':
      return [];
    default:
      return [expr.field];
  }
}

/** SQL Server LIKE: % any run, _ one character, [abc] / [a-z] / [^a] one of; case-sensitive (ASSUMPTION: binary collation). */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else source += char.replace(/[.*+?^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A field's value as a row has it: a date field gets the literal normalized to its form. */
export type Lookup = (field: string) => Value;

function compareValues(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    return x - y;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function evaluate(expr: Expr, lookup: Lookup, normalize: (field: string, literal: Value) => Value = (_, literal) => literal): boolean {
  switch (expr.kind) {
    case 'true':
      return true;
    case 'and':
      return evaluate(expr.left, lookup, normalize) && evaluate(expr.right, lookup, normalize);
    case 'or':
      return evaluate(expr.left, lookup, normalize) || evaluate(expr.right, lookup, normalize);
    case 'not':
      return !evaluate(expr.inner, lookup, normalize);
    case 'null': {
      const value = lookup(expr.field);
      const isNull = value === null || value === '';
      return expr.negated ? !isNull : isNull;
    }
    case 'like': {
      const value = lookup(expr.field);
      const matches = value !== null && likeToRegExp(expr.pattern).test(String(value));
      return expr.negated ? !matches : matches;
    }
    case 'in': {
      const value = lookup(expr.field);
      const found = expr.values.some((candidate) => compareValues(value, normalize(expr.field, candidate)) === 0);
      return expr.negated ? !found : found;
    }
    case 'compare': {
      const result = compareValues(lookup(expr.field), normalize(expr.field, expr.value));
      if (result === null) return false;
      switch (expr.op) {
        case '=':
          return result === 0;
        case '<>':
          return result !== 0;
        case '>':
          return result > 0;
        case '<':
          return result < 0;
        case '>=':
          return result >= 0;
        default:
          return result <= 0;
      }
    }
  }
}

/** `FBillNo ASC, FID DESC` → fields and directions. */
export function parseOrder(source: string): { field: string; descending: boolean }[] {
  if (!source || source.trim() === '') return [];
  return source.split(',').map((part) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(asc|desc)?\s*$/i.exec(part);
    if (!match) throw new FilterSyntaxError(`bad OrderString part "${part.trim()}"`);
    return { field: match[1], descending: (match[2] ?? '').toLowerCase() === 'desc' };
  });
}
