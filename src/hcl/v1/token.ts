/**
 * Tokens and positions of Go's HCL v1 scanners (`hcl/token` and `json/token`).
 *
 * A position is byte offset, line and column, where the column counts characters (runes) from 1.
 * A token keeps the byte range it covers in the source so that string values can be unquoted from
 * the exact bytes, as Go does.
 */

/** `token.Pos` (the file name is always empty here). */
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The zero `token.Pos`: printed as `-`. */
export const NO_POS: Pos = { offset: 0, line: 0, column: 0 };

/** `Pos.String()`: `line:column`, or `-` when the position is not valid (line 0). */
export function posString(pos: Pos): string {
  return pos.line > 0 ? `${pos.line}:${pos.column}` : '-';
}

/** Token types of both scanners, named as their `String()` prints them. */
export type TokenType =
  | 'ILLEGAL'
  | 'EOF'
  | 'COMMENT'
  | 'IDENT'
  | 'NUMBER'
  | 'FLOAT'
  | 'BOOL'
  | 'STRING'
  | 'HEREDOC'
  | 'NULL'
  | 'LBRACK'
  | 'LBRACE'
  | 'COMMA'
  | 'PERIOD'
  | 'COLON'
  | 'RBRACK'
  | 'RBRACE'
  | 'ASSIGN'
  | 'ADD'
  | 'SUB';

export interface Token {
  type: TokenType;
  readonly pos: Pos;
  /** The source text of the token (for a string: with its quotes and escapes). */
  readonly text: string;
  /** The source the token was read from, and the byte range it covers. */
  readonly src: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** True for strings from the JSON syntax: they are unquoted with Go's `strconv.Unquote`. */
  readonly json: boolean;
}

/** The source bytes of a token. */
export function tokenBytes(tok: Token): Uint8Array {
  return tok.src.subarray(tok.start, tok.end);
}

const NO_BYTES = new Uint8Array(0);

/** A token that covers no source (the JSON parser's conversions, the parsers' initial state). */
export function syntheticToken(type: TokenType, text: string, json: boolean): Token {
  return { type, pos: NO_POS, text, src: NO_BYTES, start: 0, end: 0, json };
}

/** `Token.String()`, which `%+v` prints: `<pos> <type> <text>`. */
export function tokenString(tok: Token): string {
  return `${posString(tok.pos)} ${tok.type} ${tok.text}`;
}
