/**
 * Parser for HCL v1's JSON syntax: standard JSON read into the same tree as the native syntax.
 *
 * A hand-written reader instead of `JSON.parse` because HCL needs what `JSON.parse` throws away:
 * repeated keys (two `"namespace"` keys are two blocks, kept in order) and the line/column of
 * every value for error messages. Objects become HclObjects whose items have one quoted key; the
 * block structure is recovered afterwards by ./json-flatten.ts, as HCL v1 does.
 */

import type { HclItem, HclList, HclObject, HclPosition, HclValue } from './ast.js';
import { HclSyntaxError, MAX_HCL_NESTING } from './errors.js';
import { describeChar } from './lexer.js';

/** Parses one JSON document whose top-level value is an object. */
export function parseJsonHcl(text: string): HclObject {
  return new JsonParser(text).parseDocument();
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class JsonParser {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;

  constructor(private readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.offset = 1;
  }

  parseDocument(): HclObject {
    this.skipSpace();
    if (this.src[this.offset] !== '{') throw this.unexpected('"{" to start the JSON document');
    const body = this.parseObject();
    this.skipSpace();
    if (this.offset < this.src.length)
      throw this.unexpected('end of input after the JSON document');
    return body;
  }

  private position(): HclPosition {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private unexpected(expected: string): HclSyntaxError {
    const pos = this.position();
    if (this.offset >= this.src.length)
      return new HclSyntaxError(pos, `expected ${expected}, got end of input`);
    const ch = String.fromCodePoint(this.src.codePointAt(this.offset) ?? 0);
    return new HclSyntaxError(pos, `expected ${expected}, got ${describeChar(ch)}`);
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (c === 32 || c === 9 || c === 13) {
        this.offset++;
      } else if (c === 10) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else {
        return;
      }
    }
  }

  private enter(pos: HclPosition): void {
    this.depth++;
    if (this.depth > MAX_HCL_NESTING) {
      throw new HclSyntaxError(
        pos,
        `nesting too deep: more than ${MAX_HCL_NESTING} levels of objects or arrays`,
      );
    }
  }

  private parseValue(): HclValue {
    this.skipSpace();
    const pos = this.position();
    const c = this.src[this.offset];
    switch (c) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"':
        return { kind: 'string', value: this.parseString(), heredoc: false, pos };
      case 't':
        return this.parseWord('true', { kind: 'bool', value: true, pos });
      case 'f':
        return this.parseWord('false', { kind: 'bool', value: false, pos });
      case 'n':
        return this.parseWord('null', { kind: 'null', pos });
      default: {
        NUMBER.lastIndex = this.offset;
        const match = NUMBER.exec(this.src);
        if (match === null) throw this.unexpected('a JSON value');
        this.offset += match[0].length;
        return { kind: 'number', value: Number(match[0]), text: match[0], pos };
      }
    }
  }

  private parseWord<T extends HclValue>(word: string, value: T): T {
    if (!this.src.startsWith(word, this.offset)) throw this.unexpected('a JSON value');
    this.offset += word.length;
    return value;
  }

  private parseObject(): HclObject {
    const pos = this.position();
    this.enter(pos);
    this.offset++;
    const items: HclItem[] = [];
    this.skipSpace();
    if (this.src[this.offset] === '}') {
      this.offset++;
    } else {
      for (;;) {
        this.skipSpace();
        const keyPos = this.position();
        if (this.src[this.offset] !== '"') throw this.unexpected('a quoted object key');
        const name = this.parseString();
        this.skipSpace();
        if (this.src[this.offset] !== ':')
          throw this.unexpected(`":" after the key ${JSON.stringify(name)}`);
        this.offset++;
        const value = this.parseValue();
        items.push({
          keys: [{ name, quoted: true, pos: keyPos }],
          value,
          assign: true,
          pos: keyPos,
        });
        this.skipSpace();
        const sep = this.src[this.offset];
        this.offset++;
        if (sep === '}') break;
        if (sep !== ',') {
          this.offset--;
          throw this.unexpected('"," or "}" in an object');
        }
      }
    }
    this.depth--;
    return { kind: 'object', items, pos };
  }

  private parseArray(): HclList {
    const pos = this.position();
    this.enter(pos);
    this.offset++;
    const items: HclValue[] = [];
    this.skipSpace();
    if (this.src[this.offset] === ']') {
      this.offset++;
    } else {
      for (;;) {
        items.push(this.parseValue());
        this.skipSpace();
        const sep = this.src[this.offset];
        this.offset++;
        if (sep === ']') break;
        if (sep !== ',') {
          this.offset--;
          throw this.unexpected('"," or "]" in an array');
        }
      }
    }
    this.depth--;
    return { kind: 'list', items, pos };
  }

  /** Reads a JSON string starting at its opening quote. */
  private parseString(): string {
    const src = this.src;
    const start = this.position();
    this.offset++;
    let chunkStart = this.offset;
    let parts: string[] | null = null;
    for (;;) {
      if (this.offset >= src.length)
        throw new HclSyntaxError(start, "literal not terminated: missing closing '\"'");
      const c = src.charCodeAt(this.offset);
      if (c === 34) {
        const last = src.slice(chunkStart, this.offset);
        this.offset++;
        if (parts === null) return last;
        parts.push(last);
        return parts.join('');
      }
      if (c < 0x20) {
        throw new HclSyntaxError(
          this.position(),
          `control character ${describeChar(String.fromCharCode(c))} in a JSON string`,
        );
      }
      if (c === 92) {
        parts ??= [];
        parts.push(src.slice(chunkStart, this.offset));
        parts.push(this.parseEscape());
        chunkStart = this.offset;
      } else {
        this.offset++;
      }
    }
  }

  private parseEscape(): string {
    const pos = this.position();
    const c = this.src[this.offset + 1] ?? '';
    this.offset += 2;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return simple;
    if (c === 'u') {
      const hex = this.src.slice(this.offset, this.offset + 4);
      if (!HEX4.test(hex))
        throw new HclSyntaxError(
          pos,
          'illegal char escape: expected 4 hexadecimal digits after "\\u"',
        );
      this.offset += 4;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    throw new HclSyntaxError(
      pos,
      `illegal char escape ${c === '' ? 'at end of input' : JSON.stringify(`\\${c}`)}`,
    );
  }
}
