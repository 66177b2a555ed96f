/**
 * Whether a binding rule's selector parses, as Nomad checks it (`bexpr.CreateEvaluator(selector,
 * nil)` in `ACLBindingRule.Validate`): go-bexpr's grammar (grammar/grammar.peg, the version with
 * `/` in identifiers, JSON pointer selectors and inline `["a", "b"]` values) run by a parser that
 * fails as pigeon's does (./peg-parser.ts), so a selector that does not parse gets go-bexpr's own
 * error text, e.g. `1:6 (5): no match found, expected: "!=", ".", "==", "[", [ \t\r\n] or
 * [a-zA-Z0-9_/]`. A string literal that Go's `strconv.Unquote` refuses adds `invalid syntax`, as
 * the grammar's action does. Evaluation (matching claims at login) is not modelled.
 */
import { type PegExpr, type PegRule, pegError } from './peg-parser.js';

const lit = (text: string): PegExpr => ({ t: 'lit', text });
const ref = (rule: string): PegExpr => ({ t: 'ref', rule });
const seq = (...items: PegExpr[]): PegExpr => ({ t: 'seq', items });
const choice = (...alternatives: PegExpr[]): PegExpr => ({ t: 'choice', alternatives });
const opt = (e: PegExpr): PegExpr => ({ t: 'opt', e });
const star = (e: PegExpr): PegExpr => ({ t: 'star', e });
const plus = (e: PegExpr): PegExpr => ({ t: 'plus', e });
const not = (e: PegExpr): PegExpr => ({ t: 'not', e });
const and = (e: PegExpr): PegExpr => ({ t: 'and', e });
const fail = (message: string): PegExpr => ({ t: 'fail', message });
const cls = (source: string, pattern: RegExp): PegExpr => ({
  t: 'class',
  source,
  test: (rune) => pattern.test(rune),
});
const ANY: PegExpr = { t: 'any' };
const WS = ref('_');

/** Go's `strconv.Unquote` accepts `text` (a quoted literal the grammar matched). */
function unquotes(text: string): boolean {
  if (text.startsWith('`')) return text.length >= 2 && text.endsWith('`');
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return false;
  const body = [...text.slice(1, -1)];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n' || c === '"') return false;
    if (c !== '\\') continue;
    const e = body[++i];
    if (e === undefined) return false;
    if ('abfnrtv\\"'.includes(e)) continue;
    const hex = (n: number): string | null => {
      const digits = body.slice(i + 1, i + 1 + n).join('');
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) return null;
      i += n;
      return digits;
    };
    if (e === 'x') {
      if (hex(2) === null) return false;
    } else if (e === 'u' || e === 'U') {
      const digits = hex(e === 'u' ? 4 : 8);
      if (digits === null) return false;
      const code = Number.parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    } else if (/[0-7]/.test(e)) {
      const digits = [e, ...body.slice(i + 1, i + 3)].join('');
      if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return false;
      i += 2;
    } else return false;
  }
  return true;
}

const MATCH_OPERATOR = (name: string, ...items: PegExpr[]): PegRule => ({
  name,
  expr: seq(...items),
});

const STRING_BODY = choice(
  seq(lit('`'), star(ref('RawStringChar')), lit('`')),
  seq(lit('"'), star(ref('DoubleStringChar')), lit('"')),
);

const RULES: readonly PegRule[] = [
  {
    name: 'Input',
    expr: choice(
      seq(opt(WS), lit('('), opt(WS), ref('OrExpression'), opt(WS), lit(')'), opt(WS), ref('EOF')),
      seq(opt(WS), ref('OrExpression'), opt(WS), ref('EOF')),
    ),
  },
  {
    name: 'OrExpression',
    expr: choice(
      seq(ref('AndExpression'), WS, lit('or'), WS, ref('OrExpression')),
      ref('AndExpression'),
    ),
  },
  {
    name: 'AndExpression',
    expr: choice(
      seq(ref('NotExpression'), WS, lit('and'), WS, ref('AndExpression')),
      ref('NotExpression'),
    ),
  },
  {
    name: 'NotExpression',
    expr: choice(seq(lit('not'), WS, ref('NotExpression')), ref('ParenthesizedExpression')),
  },
  {
    name: 'ParenthesizedExpression',
    display: '"grouping"',
    expr: choice(
      seq(lit('('), opt(WS), ref('OrExpression'), opt(WS), lit(')')),
      ref('MatchExpression'),
      seq(
        lit('('),
        opt(WS),
        ref('OrExpression'),
        opt(WS),
        not(lit(')')),
        fail('Unmatched parentheses'),
      ),
    ),
  },
  {
    name: 'MatchExpression',
    display: '"match"',
    expr: choice(ref('MatchSelectorOpValue'), ref('MatchSelectorOp'), ref('MatchValueOpSelector')),
  },
  {
    name: 'MatchSelectorOpValue',
    display: '"match"',
    expr: seq(
      ref('Selector'),
      choice(
        ref('MatchEqual'),
        ref('MatchNotEqual'),
        ref('MatchContains'),
        ref('MatchNotContains'),
        ref('MatchMatches'),
        ref('MatchNotMatches'),
      ),
      ref('Value'),
    ),
  },
  {
    name: 'MatchSelectorOp',
    display: '"match"',
    expr: seq(ref('Selector'), choice(ref('MatchIsEmpty'), ref('MatchIsNotEmpty'))),
  },
  {
    name: 'MatchValueOpSelector',
    display: '"match"',
    expr: choice(
      seq(ref('Value'), choice(ref('MatchIn'), ref('MatchNotIn')), ref('Selector')),
      seq(
        ref('Value'),
        choice(ref('MatchIn'), ref('MatchNotIn')),
        not(ref('Selector')),
        fail('Invalid selector'),
      ),
    ),
  },
  MATCH_OPERATOR('MatchEqual', opt(WS), lit('=='), opt(WS)),
  MATCH_OPERATOR('MatchNotEqual', opt(WS), lit('!='), opt(WS)),
  MATCH_OPERATOR('MatchIsEmpty', WS, lit('is'), WS, lit('empty')),
  MATCH_OPERATOR('MatchIsNotEmpty', WS, lit('is'), WS, lit('not'), WS, lit('empty')),
  MATCH_OPERATOR('MatchIn', WS, lit('in'), WS),
  MATCH_OPERATOR('MatchNotIn', WS, lit('not'), WS, lit('in'), WS),
  MATCH_OPERATOR('MatchContains', WS, lit('contains'), WS),
  MATCH_OPERATOR('MatchNotContains', WS, lit('not'), WS, lit('contains'), WS),
  MATCH_OPERATOR('MatchMatches', WS, lit('matches'), WS),
  MATCH_OPERATOR('MatchNotMatches', WS, lit('not'), WS, lit('matches'), WS),
  {
    name: 'Selector',
    display: '"selector"',
    expr: choice(
      seq(ref('Identifier'), star(ref('SelectorOrIndex'))),
      seq(
        lit('['),
        opt(WS),
        ref('StringLiteral'),
        star(seq(lit(','), opt(WS), ref('StringLiteral'))),
        opt(WS),
        lit(']'),
      ),
      seq(lit('"'), star(ref('JsonPointerSegment')), lit('"')),
    ),
  },
  {
    name: 'JsonPointerSegment',
    expr: seq(lit('/'), plus(cls('[\\pL\\pN-_.~:|]', /^[\p{L}\p{N}\-_.~:|]$/u))),
  },
  {
    name: 'Identifier',
    expr: seq(cls('[a-zA-Z]', /^[a-zA-Z]$/), star(cls('[a-zA-Z0-9_/]', /^[a-zA-Z0-9_/]$/))),
  },
  {
    name: 'SelectorOrIndex',
    expr: choice(
      seq(lit('.'), ref('Identifier')),
      ref('IndexExpression'),
      seq(lit('.'), plus(cls('[0-9]', /^[0-9]$/))),
    ),
  },
  {
    name: 'IndexExpression',
    display: '"index"',
    expr: choice(
      seq(lit('['), opt(WS), ref('StringLiteral'), opt(WS), lit(']')),
      seq(lit('['), opt(WS), not(ref('StringLiteral')), fail('Invalid index')),
      seq(
        lit('['),
        opt(WS),
        ref('StringLiteral'),
        opt(WS),
        not(lit(']')),
        fail('Unclosed index expression'),
      ),
    ),
  },
  {
    name: 'Value',
    display: '"value"',
    expr: choice(ref('Selector'), ref('NumberLiteral'), ref('StringLiteral')),
  },
  {
    name: 'NumberLiteral',
    display: '"number"',
    expr: choice(
      seq(opt(lit('-')), ref('IntegerOrFloat'), and(ref('AfterNumbers'))),
      seq(
        opt(lit('-')),
        ref('IntegerOrFloat'),
        not(ref('AfterNumbers')),
        fail('Invalid number literal'),
      ),
    ),
  },
  { name: 'AfterNumbers', expr: and(choice(WS, ref('EOF'), lit(')'))) },
  {
    name: 'IntegerOrFloat',
    expr: seq(
      choice(lit('0'), seq(cls('[1-9]', /^[1-9]$/), star(cls('[0-9]', /^[0-9]$/)))),
      opt(seq(lit('.'), plus(cls('[0-9]', /^[0-9]$/)))),
    ),
  },
  {
    name: 'StringLiteral',
    display: '"string"',
    expr: choice(
      {
        t: 'action',
        e: STRING_BODY,
        check: (text) => (unquotes(text) ? null : 'invalid syntax'),
      },
      seq(
        choice(
          seq(lit('`'), star(ref('RawStringChar'))),
          seq(lit('"'), star(ref('DoubleStringChar'))),
        ),
        ref('EOF'),
        fail('Unterminated string literal'),
      ),
    ),
  },
  { name: 'RawStringChar', expr: seq(not(lit('`')), ANY) },
  { name: 'DoubleStringChar', expr: seq(not(lit('"')), ANY) },
  { name: '_', display: '"whitespace"', expr: plus(cls('[ \\t\\r\\n]', /^[ \t\r\n]$/)) },
  { name: 'EOF', expr: not(ANY) },
];

/** go-bexpr's parse error for `selector`, or null when it parses. */
export function bexprSelectorError(selector: string): string | null {
  return pegError(RULES, 'Input', selector);
}
