/**
 * The parser of Go's HCL v1 native syntax (`hcl/parser`), reproduced with its error texts and
 * with the places where it keeps going or stops.
 *
 * What it accepts, exactly as Go: items optionally separated by commas; `key = value` with one
 * key only; `key "label" ... { }` with any number of keys; `key =` at the very end of the input
 * (ignored); lists of literals, objects and lists, with extra commas skipped; values that are
 * identifiers are errors (`Unknown token: ...`). The scanner's last error, when there is one,
 * wins over the parser's own error, as in Go. CRLF is turned into LF before scanning.
 *
 * The recursive functions are generators driven by ./trampoline.ts, so nesting depth is limited
 * only by memory, as in Go.
 */

import {
  type ListType,
  type LiteralType,
  type Node,
  type ObjectItem,
  type ObjectKey,
  type ObjectList,
  objectList,
  type ObjectType,
} from './ast.js';
import { GoError, PosError } from './errors.js';
import { Scanner } from './scanner.js';
import { type Pos, syntheticToken, type Token, tokenString } from './token.js';
import { type Routine, run } from './trampoline.js';

/** Go's `errEofToken`: the input ended where an item could start. */
const EOF_TOKEN = new GoError('EOF token found');

type Result<T> = readonly [T, null] | readonly [null, GoError];

function posError(pos: Pos, message: string): GoError {
  return new PosError(pos, new GoError(message));
}

function fail(pos: Pos, message: string): readonly [null, GoError] {
  return [null, posError(pos, message)];
}

/** Parses a native-syntax document into its root object list; throws the GoError Go returns. */
export function parseNative(src: Uint8Array): ObjectList {
  return new NativeParser(normalizeCrlf(src)).parse();
}

/** `bytes.Replace(src, "\r\n", "\n", -1)`. */
function normalizeCrlf(src: Uint8Array): Uint8Array {
  if (!src.includes(0x0d)) return src;
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b === 0x0d && src[i + 1] === 0x0a) continue;
    out.push(b);
  }
  return Uint8Array.from(out);
}

class NativeParser {
  private readonly sc: Scanner;
  private tok: Token;
  private buffered = false;
  private scanError: GoError | null = null;

  constructor(src: Uint8Array) {
    this.sc = new Scanner(src, (pos, message) => {
      this.scanError = new PosError(pos, new GoError(message));
    });
    this.tok = syntheticToken('ILLEGAL', '', false);
  }

  parse(): ObjectList {
    const [node, err] = run(this.objectList(false));
    if (this.scanError !== null) throw this.scanError;
    if (err !== null) throw err;
    return node;
  }

  /** The next token that is not a comment (or the token put back by `unscan`). */
  private scan(): Token {
    if (this.buffered) {
      this.buffered = false;
      return this.tok;
    }
    do this.tok = this.sc.scan();
    while (this.tok.type === 'COMMENT');
    return this.tok;
  }

  private unscan(): void {
    this.buffered = true;
  }

  private *objectList(inObject: boolean): Routine<readonly [ObjectList, GoError | null]> {
    const node = objectList([]);
    for (;;) {
      if (inObject) {
        const tok = this.scan();
        this.unscan();
        if (tok.type === 'RBRACE') break;
      }
      const [item, err] = (yield this.objectItem()) as Result<ObjectItem>;
      if (err === EOF_TOKEN) break;
      if (err !== null) return [node, err];
      node.items.push(item);
      const tok = this.scan();
      if (tok.type !== 'COMMA') this.unscan();
    }
    return [node, null];
  }

  private *objectItem(): Routine<Result<ObjectItem>> {
    let [keys, err] = this.objectKey();
    if (keys.length > 0 && err === EOF_TOKEN) err = null;
    if (keys.length > 0 && err !== null && this.tok.type === 'RBRACE') {
      // Keys without a value right before a closing brace: Go pretends the input ended here so
      // that the error below (about the missing '=' or '{') is the one reported.
      err = null;
      this.tok.type = 'EOF';
    }
    if (err !== null) return [null, err];
    let val: Node;
    switch (this.tok.type) {
      case 'ASSIGN': {
        // Go's object(): the value after '='.
        const tok = this.scan();
        let value: Result<Node>;
        switch (tok.type) {
          case 'NUMBER':
          case 'FLOAT':
          case 'BOOL':
          case 'STRING':
          case 'HEREDOC':
            value = [this.literalType(), null];
            break;
          case 'LBRACE':
            value = (yield this.objectType()) as Result<ObjectType>;
            break;
          case 'LBRACK':
            value = (yield this.listType()) as Result<ListType>;
            break;
          case 'EOF':
            value = [null, EOF_TOKEN];
            break;
          default:
            value = fail(tok.pos, `Unknown token: ${tokenString(tok)}`);
        }
        if (value[1] !== null) return [null, value[1]];
        val = value[0];
        break;
      }
      case 'LBRACE': {
        const [value, valueErr] = (yield this.objectType()) as Result<ObjectType>;
        if (valueErr !== null) return [null, valueErr];
        val = value;
        break;
      }
      default: {
        const names = keys.map((k) => k.token.text).join(' ');
        return fail(
          this.tok.pos,
          `key '${names}' expected start of object ('{') or assignment ('=')`,
        );
      }
    }
    // Go looks one token ahead here for a trailing line comment.
    this.scan();
    this.unscan();
    return [{ type: 'ObjectItem', keys, val, origin: null }, null];
  }

  private objectKey(): readonly [ObjectKey[], GoError | null] {
    let keyCount = 0;
    const keys: ObjectKey[] = [];
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'EOF':
          return [keys, EOF_TOKEN];
        case 'ASSIGN':
          if (keyCount > 1)
            return [
              [],
              posError(this.tok.pos, `nested object expected: LBRACE got: ${this.tok.type}`),
            ];
          if (keyCount === 0) return [[], posError(this.tok.pos, 'no object keys found!')];
          return [keys, null];
        case 'LBRACE':
          if (keys.length === 0)
            return [keys, posError(this.tok.pos, `expected: IDENT | STRING got: ${this.tok.type}`)];
          return [keys, null];
        case 'IDENT':
        case 'STRING':
          keyCount++;
          keys.push({ token: this.tok });
          break;
        case 'ILLEGAL':
          return [keys, posError(this.tok.pos, 'illegal character')];
        default:
          return [
            keys,
            posError(
              this.tok.pos,
              `expected: IDENT | STRING | ASSIGN | LBRACE got: ${this.tok.type}`,
            ),
          ];
      }
    }
  }

  private *objectType(): Routine<Result<ObjectType>> {
    const lbrace = this.tok.pos;
    const [list, err] = (yield this.objectList(true)) as readonly [ObjectList, GoError | null];
    if (err !== null && this.tok.type !== 'RBRACE') return [null, err];
    const tok = this.scan();
    if (tok.type !== 'RBRACE')
      return fail(tok.pos, `object expected closing RBRACE got: ${tok.type}`);
    return [{ type: 'ObjectType', lbrace, list }, null];
  }

  private *listType(): Routine<Result<ListType>> {
    const lbrack = this.tok.pos;
    const list: Node[] = [];
    let needComma = false;
    for (;;) {
      const tok = this.scan();
      if (needComma && tok.type !== 'COMMA' && tok.type !== 'RBRACK') {
        return fail(tok.pos, `error parsing list, expected comma or list end, got: ${tok.type}`);
      }
      switch (tok.type) {
        case 'BOOL':
        case 'NUMBER':
        case 'FLOAT':
        case 'STRING':
        case 'HEREDOC':
          list.push(this.literalType());
          needComma = true;
          break;
        case 'COMMA':
          this.scan();
          this.unscan();
          needComma = false;
          break;
        case 'LBRACE': {
          const [node, err] = (yield this.objectType()) as Result<ObjectType>;
          if (err !== null)
            return fail(tok.pos, `error while trying to parse object within list: ${err.message}`);
          list.push(node);
          needComma = true;
          break;
        }
        case 'LBRACK': {
          const [node, err] = (yield this.listType()) as Result<ListType>;
          if (err !== null)
            return fail(tok.pos, `error while trying to parse list within list: ${err.message}`);
          list.push(node);
          break;
        }
        case 'RBRACK':
          return [{ type: 'ListType', lbrack, list }, null];
        default:
          return fail(tok.pos, `unexpected token while parsing list: ${tok.type}`);
      }
    }
  }

  private literalType(): LiteralType {
    return { type: 'LiteralType', token: this.tok };
  }
}
