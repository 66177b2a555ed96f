/**
 * Go's `%q` / `strconv.Quote` for strings, which Nomad uses in messages such as
 * `Successfully wrote "anonymous" ACL policy!` and `invalid boolean value "x" for -global`.
 *
 * It differs from `JSON.stringify` for control characters (`\x00`, `\a`, `\v`), DEL (`\x7f`) and
 * non-printable Unicode (`\u200b`, `\U000e0001`), so messages with odd names print as Go prints
 * them. The ACL policy messages (`%#v` of blocks) and the CLI both quote with it. Printable
 * means Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
 */

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function quoteRune(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  if (PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd'; // a lone surrogate is invalid UTF-8 in Go
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

/** `strconv.Quote(text)`. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) out += quoteRune(ch);
  return `${out}"`;
}
