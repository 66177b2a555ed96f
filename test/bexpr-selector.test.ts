/**
 * Binding rule selectors parse as go-bexpr parses them (`bexpr.CreateEvaluator` in Nomad's
 * `ACLBindingRule.Validate`), with go-bexpr's error texts: the cases of go-bexpr's own
 * grammar_test.go (TestExpressionParsing) and of Nomad's structs TestACLBindingRule_Validate.
 */
import { describe, expect, it } from 'vitest';
import { validateBindingRule } from '../src/acl/index.js';
import { bexprSelectorError } from '../src/acl/binding-rule/bexpr-selector.js';

const WS = '[ \\t\\r\\n]';

describe('go-bexpr selectors', () => {
  it('accepts what go-bexpr parses', () => {
    for (const selector of [
      'foo == 3',
      '"/foo" == 3',
      '"/hy-phen/under_score/pi|pe/do.t/ti~lde" == 3',
      'foo != xyz',
      'list is not empty',
      'foo not in bar',
      'bar not contains foo',
      'foo not matches bar',
      'not not foo == 3',
      'x in foo and not str == something or list is empty',
      '\t\r\n ( \t\r\n foo \t\r\n == \t\r\n x \t\r\n ) \t\r\n',
      '`environment` in foo.bar["meta"].tags[\t`ENV` ]',
      'environment in foo["abc-def ghi åß∂ƒ"]',
      'foo == -0.2',
      '(((foo == 3) and (not ((bar in baz) and (not (one != two))))) or (((next is empty) and (not (foo is not empty))) and (bar not in foo)))',
      'engineering in list.groups',
      'value.project_id == "42"',
    ])
      expect(bexprSelectorError(selector), selector).toBeNull();
  });

  it("refuses what go-bexpr refuses, with its parser's texts", () => {
    const cases: Array<[string, string]> = [
      [
        '"/hy-phen/under_score/pi|pe/do.t/ti~lde/" == 3',
        `1:43 (42): no match found, expected: "in", "not" or ${WS}`,
      ],
      ['foo == "12x', '1:12 (11): rule "string": Unterminated string literal'],
      ['foo == `12x', '1:12 (11): rule "string": Unterminated string literal'],
      ['foo == 3x', '1:9 (8): rule "number": Invalid number literal'],
      ['foo[3] == abc', '1:5 (4): rule "index": Invalid index'],
      ['x in foo["abc"', '1:15 (14): rule "index": Unclosed index expression'],
      ['foo["abc" == 3', '1:11 (10): rule "index": Unclosed index expression'],
      ['x in 32', '1:6 (5): rule "match": Invalid selector'],
      ['32 == 32', `1:4 (3): no match found, expected: "in", "not" or ${WS}`],
      ['32 is empty', `1:4 (3): no match found, expected: "in", "not" or ${WS}`],
      ['x in foo abc', `1:10 (9): no match found, expected: "and", "or", ${WS} or EOF`],
      ['(foo == 4', '1:10 (9): rule "grouping": Unmatched parentheses'],
    ];
    for (const [selector, error] of cases)
      expect(bexprSelectorError(selector), selector).toBe(error);
  });

  it('where a value may start, the inline ["a", "b"] selector adds "[" to what go-bexpr expected', () => {
    // go-bexpr's test predates inline values; its list, plus the "[" they add.
    expect(bexprSelectorError('x in foo or not ')).toBe(
      `1:17 (16): no match found, expected: "!=", "(", "-", "0", "==", "[", "\\"", "\`", "contains", "in", "is", "matches", "not", ${WS}, [1-9] or [a-zA-Z]`,
    );
    expect(bexprSelectorError('["a", "b"] contains x')).toBeNull();
  });

  it('a string literal Go cannot unquote is invalid syntax; positions count runes and bytes', () => {
    expect(bexprSelectorError('foo == "\\q"')).toBe('1:8 (7): rule "string": invalid syntax');
    expect(bexprSelectorError('"éé" == 3')).toBe(
      `1:6 (7): no match found, expected: "in", "not" or ${WS}`,
    );
  });
});

describe('binding rule validation', () => {
  it('refuses a selector that does not parse, after the other checks (Nomad TestACLBindingRule_Validate)', () => {
    expect(
      validateBindingRule({
        ID: '',
        Description: 'some short description',
        AuthMethod: 'auth0',
        Selector: 'group-name in list.groups',
        BindType: 'policy',
        BindName: 'some-policy-name',
      }),
    ).toEqual([
      `selector is invalid: 1:6 (5): no match found, expected: "!=", ".", "==", "[", ${WS} or [a-zA-Z0-9_/]`,
    ]);
    expect(
      validateBindingRule({
        ID: '',
        Description: '',
        AuthMethod: '',
        Selector: 'x in',
        BindType: 'role',
        BindName: '',
      }),
    ).toEqual([
      'auth method is missing',
      'bind name is missing',
      // After `in` only the whitespace before a selector can come (EOF is not reachable there).
      `selector is invalid: 1:5 (4): no match found, expected: ${WS}`,
    ]);
  });
});
