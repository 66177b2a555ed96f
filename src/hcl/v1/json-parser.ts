/**
 * The parser of Go's HCL v1 JSON syntax (`json/parser`), reproduced with its leniency, because
 * Nomad accepts whatever it accepts:
 *
 * - any token that is not a comma ends an object or a list of items (`}` and `]` are not told
 *   apart, and the end of the input closes everything), so unbalanced and truncated documents
 *   parse, and input after the root object is never read;
 * - a trailing comma is fine, because the error it causes is dropped at the closing brace;
 * - `true` and `false` inside a list are skipped, `[` inside a list is skipped (so the first `]`
 *   ends the outer list), `null` inside a list is an error, `null` as a value is "";
 * - several strings before a colon are several keys, like a labelled block;
 * - a key without a value at the end of the input is dropped.
 *
 * Positions are not kept in the tree (Go's conversion to HCL tokens drops them), so decoder errors
 * about JSON documents print `At -:`. Parser errors have no position at all; scanner errors read
 * `line:column: message`. The tree is flattened afterwards (./flatten.ts).
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
import { GoError } from './errors.js';
import { flattenObjects } from './flatten.js';
import { JsonScanner } from './json-scanner.js';
import { NO_POS, posString, syntheticToken, type Token, tokenString } from './token.js';
import { type Routine, run } from './trampoline.js';

const EOF_TOKEN = new GoError('EOF token found');

type Result<T> = readonly [T, null] | readonly [null, GoError];

function fail(message: string): readonly [null, GoError] {
  return [null, new GoError(message)];
}

/** Parses a JSON document into its (flattened) root object list; throws the GoError Go returns. */
export function parseJson(src: Uint8Array): ObjectList {
  const root = new JsonParser(src).parse();
  flattenObjects(root);
  return root;
}

/** `Token.HCLToken()`: the literal as the HCL decoder sees it, without a position. */
function hclToken(tok: Token): Token {
  switch (tok.type) {
    case 'NULL':
      return syntheticToken('STRING', '', false);
    case 'STRING':
      return { ...tok, pos: NO_POS, json: true };
    default:
      return { ...tok, pos: NO_POS, json: false };
  }
}

class JsonParser {
  private readonly sc: JsonScanner;
  private tok: Token = syntheticToken('ILLEGAL', '', true);
  private scanError: GoError | null = null;

  constructor(src: Uint8Array) {
    this.sc = new JsonScanner(src, (pos, message) => {
      this.scanError = new GoError(`${posString(pos)}: ${message}`);
    });
  }

  parse(): ObjectList {
    const [object, err] = run(this.object());
    if (this.scanError !== null) throw this.scanError;
    if (err !== null) throw err;
    return object.list;
  }

  private scan(): Token {
    this.tok = this.sc.scan();
    return this.tok;
  }

  private *objectList(): Routine<readonly [ObjectList, GoError | null]> {
    const node = objectList([]);
    for (;;) {
      const [item, err] = (yield this.objectItem()) as Result<ObjectItem>;
      if (err === EOF_TOKEN) break;
      if (err !== null) return [node, err];
      node.items.push(item);
      if (this.scan().type !== 'COMMA') break;
    }
    return [node, null];
  }

  private *objectItem(): Routine<Result<ObjectItem>> {
    const [keys, err] = this.objectKey();
    if (err !== null) return [null, err];
    // Go's objectValue().
    const tok = this.scan();
    let value: Result<Node>;
    switch (tok.type) {
      case 'NUMBER':
      case 'FLOAT':
      case 'BOOL':
      case 'NULL':
      case 'STRING':
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
        value = fail(`Expected object value, got unknown token: ${tokenString(tok)}`);
    }
    if (value[1] !== null) return [null, value[1]];
    return [{ type: 'ObjectItem', keys, val: value[0], origin: null }, null];
  }

  private objectKey(): Result<ObjectKey[]> {
    const keys: ObjectKey[] = [];
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'EOF':
          return [null, EOF_TOKEN];
        case 'STRING':
          keys.push({ token: hclToken(tok) });
          break;
        case 'COLON':
          if (keys.length === 0) return fail(`expected: STRING got: ${tok.type}`);
          return [keys, null];
        case 'ILLEGAL':
          return fail('illegal');
        default:
          return fail(`expected: STRING got: ${tok.type}`);
      }
    }
  }

  /** The root: an object. */
  private *object(): Routine<Result<ObjectType>> {
    const tok = this.scan();
    switch (tok.type) {
      case 'LBRACE':
        return (yield this.objectType()) as Result<ObjectType>;
      case 'EOF':
        return [null, EOF_TOKEN];
      default:
        return fail(`Expected object, got unknown token: ${tokenString(tok)}`);
    }
  }

  private *objectType(): Routine<Result<ObjectType>> {
    const [list, err] = (yield this.objectList()) as readonly [ObjectList, GoError | null];
    if (err !== null && this.tok.type !== 'RBRACE') return [null, err];
    return [{ type: 'ObjectType', lbrace: NO_POS, list }, null];
  }

  private *listType(): Routine<Result<ListType>> {
    const list: Node[] = [];
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'NUMBER':
        case 'FLOAT':
        case 'STRING':
          list.push(this.literalType());
          break;
        case 'COMMA':
          break;
        case 'LBRACE': {
          const [node, err] = (yield this.objectType()) as Result<ObjectType>;
          if (err !== null) return [null, err];
          list.push(node);
          break;
        }
        case 'BOOL':
        case 'LBRACK':
          // Go skips these: bools are "not supported by HCL yet", nested lists are not in its grammar.
          break;
        case 'RBRACK':
          return [{ type: 'ListType', lbrack: NO_POS, list }, null];
        default:
          return fail(`unexpected token while parsing list: ${tok.type}`);
      }
    }
  }

  private literalType(): LiteralType {
    return { type: 'LiteralType', token: hclToken(this.tok) };
  }
}
