/**
 * Writing HCL v1 text: quoting strings so that the parser of ./lexer.ts reads back exactly the
 * same value. Used by printers (e.g. the ACL policy printer) that must round-trip.
 */

const MUST_ESCAPE = /["\\\x00-\x1f\x7f]/;
const MUST_ESCAPE_GLOBAL = /["\\\x00-\x1f\x7f]/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** `value` as a double-quoted HCL string literal (escapes `"`, `\` and control characters). */
export function quoteHclString(value: string): string {
  if (!MUST_ESCAPE.test(value)) return `"${value}"`;
  return `"${value.replace(MUST_ESCAPE_GLOBAL, escapeChar)}"`;
}

/** `name` as an item key: bare when it is a plain identifier (and not a bool word), quoted otherwise. */
export function formatHclKey(name: string): string {
  return IDENTIFIER.test(name) && name !== 'true' && name !== 'false' ? name : quoteHclString(name);
}
