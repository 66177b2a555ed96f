/**
 * `Token.Value()` of Go's HCL v1 for the tokens a policy can hold as text: identifiers, quoted
 * strings and heredocs. A string that cannot be unquoted makes Go panic
 * (`unquote "<token>" err: invalid syntax`); so does this.
 *
 * Heredocs keep Go's arithmetic: the value is the text between the opening line and the last
 * `len(anchor) + 1` bytes, so an indented closing anchor leaves its indentation in the value; with
 * `<<-` every line loses the closing line's indentation when all lines have it.
 */

import { GoPanic } from './errors.js';
import { type Token, tokenBytes } from './token.js';
import { unquoteGo, unquoteHcl } from './unquote.js';
import { bytesToText } from './utf8.js';

const CH_LF = 0x0a;
const CH_MINUS = 0x2d;

/** The string value of an IDENT, STRING or HEREDOC token. */
export function tokenText(tok: Token): string {
  switch (tok.type) {
    case 'IDENT':
      return tok.text;
    case 'HEREDOC':
      return bytesToText(unindentHeredoc(tokenBytes(tok)));
    case 'STRING': {
      if (tok.text === '') return ''; // JSON null
      if (isPlainQuoted(tok.text)) return tok.text.slice(1, -1);
      const value = tok.json ? unquoteGo(tokenBytes(tok)) : unquoteHcl(tokenBytes(tok));
      if (value === null) throw new GoPanic(`unquote ${tok.text} err: invalid syntax`);
      return bytesToText(value);
    }
    default:
      throw new GoPanic(`unimplemented Value for type: ${tok.type}`);
  }
}

/**
 * A quoted string with nothing to unquote: both unquoting rules return its inside unchanged
 * (no backslash, no inner quote, no `$`, no newline; the source is valid UTF-8).
 */
function isPlainQuoted(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 0x22 || text.charCodeAt(text.length - 1) !== 0x22)
    return false;
  for (let i = 1; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c === 0x24 || c === 0x0a) return false;
  }
  return true;
}

function hasPrefix(line: Uint8Array, prefix: Uint8Array): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false;
  return true;
}

function splitLines(b: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === CH_LF) {
      lines.push(b.subarray(start, i));
      start = i + 1;
    }
  }
  lines.push(b.subarray(start));
  return lines;
}

function slice(b: Uint8Array, from: number, to: number): Uint8Array {
  if (from < 0 || to > b.length || from > to)
    throw new GoPanic(`runtime error: slice bounds out of range [${from}:${to}]`);
  return b.subarray(from, to);
}

function unindentHeredoc(heredoc: Uint8Array): Uint8Array {
  const idx = heredoc.indexOf(CH_LF);
  if (idx === -1) throw new GoPanic("heredoc doesn't contain newline");
  const unindent = heredoc[2] === CH_MINUS;
  if (!unindent) return slice(heredoc, idx + 1, heredoc.length - idx + 1);
  const lines = splitLines(slice(heredoc, idx + 1, heredoc.length - idx + 2));
  const prefix = lines[lines.length - 1] ?? new Uint8Array(0);
  if (!lines.every((line) => hasPrefix(line, prefix))) {
    const body = slice(heredoc, idx + 1, heredoc.length - idx + 1);
    let end = body.length;
    while (end > 0 && (body[end - 1] === 0x20 || body[end - 1] === 0x09)) end--;
    return body.subarray(0, end);
  }
  const out: number[] = [];
  lines.forEach((line, k) => {
    if (k > 0) out.push(CH_LF);
    if (k < lines.length - 1) for (const b of line.subarray(prefix.length)) out.push(b);
  });
  return Uint8Array.from(out);
}
