/**
 * Reads a request body sent as JSON text the way Nomad's `json.NewDecoder(body).Decode(&out)`
 * reads it, into a `JsonNode` tree: the first JSON value of the text (anything after it is left
 * unread, as the Decoder leaves it), Go's scanner rules, and Go's error texts —
 * `invalid character 'x' looking for beginning of value`, `... after object key`,
 * `... in string literal`, `invalid character '[' exceeded max depth` past 10,000 levels,
 * `unexpected EOF` for a value cut short, and `EOF` for a body of nothing but white space.
 *
 * The scanner works on the UTF-8 bytes, as Go's does, so the character it names in an error is
 * one byte (`'Ã'` for the first byte of `é`, which Go prints that way too). It is a loop over an
 * explicit stack: no input can overflow the JavaScript stack.
 */
import { goQuote } from '../go/quote.js';
import {
  exceededMaxDepth,
  GO_JSON_MAX_DEPTH,
  NULL_NODE,
  type JsonNode,
  type JsonRead,
} from './json-node.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Go's `quoteChar`: the byte as Go names it in a syntax error. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const quoted = goQuote(String.fromCharCode(c));
  return `'${quoted.slice(1, -1)}'`;
}

class SyntaxFailure {
  constructor(readonly message: string) {}
}

function invalid(c: number, context: string): SyntaxFailure {
  return new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
}

const UNEXPECTED_EOF = new SyntaxFailure('unexpected EOF');

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

interface Frame {
  readonly isArray: boolean;
  /** Offset of the opening bracket. */
  readonly start: number;
  readonly items: JsonNode[];
  readonly entries: [string, JsonNode][];
  key: string;
}

/** The reader's position in the text and what it expects next. */
class Reader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  /** The text of bytes [start, end). */
  text(start: number, end: number): string {
    return fromUtf8.decode(this.bytes.subarray(start, end));
  }

  /** The next non-space byte (not consumed), or undefined at the end. */
  peekNonSpace(): number | undefined {
    while (this.pos < this.bytes.length && isSpace(this.bytes[this.pos] as number)) this.pos++;
    return this.bytes[this.pos];
  }

  take(): number {
    return this.bytes[this.pos++] as number;
  }

  /** A string starting at the opening quote: its decoded value and raw bytes. */
  string(): { value: string; raw: Uint8Array } | SyntaxFailure {
    const start = ++this.pos;
    for (;;) {
      const c = this.bytes[this.pos];
      if (c === undefined) return UNEXPECTED_EOF;
      if (c === 0x22) break;
      if (c < 0x20) return invalid(c, 'in string literal');
      this.pos++;
      if (c !== 0x5c) continue;
      const escape = this.bytes[this.pos];
      if (escape === undefined) return UNEXPECTED_EOF;
      this.pos++;
      if (escape === 0x75) {
        for (let i = 0; i < 4; i++) {
          const h = this.bytes[this.pos];
          if (h === undefined) return UNEXPECTED_EOF;
          if (!isHex(h)) return invalid(h, 'in \\u hexadecimal character escape');
          this.pos++;
        }
      } else if (!'bfnrt\\/"'.includes(String.fromCharCode(escape))) {
        return invalid(escape, 'in string escape code');
      }
    }
    const raw = this.bytes.subarray(start, this.pos);
    this.pos++;
    return { value: unquote(raw), raw };
  }

  /**
   * A number starting here, by Go's states: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?.
   * At the end of the text a complete number is fine only at the top level (`topLevel`).
   */
  number(topLevel: boolean): string | SyntaxFailure {
    const start = this.pos;
    const at = (): number | undefined => this.bytes[this.pos];
    const endOfInput = (): SyntaxFailure => UNEXPECTED_EOF;
    if (at() === 0x2d) {
      this.pos++;
      const c = at();
      if (c === undefined) return endOfInput();
      if (!isDigit(c)) return invalid(c, 'in numeric literal');
    }
    if (at() === 0x30) this.pos++;
    else while (isDigit(at())) this.pos++;
    if (at() === 0x2e) {
      this.pos++;
      const c = at();
      if (c === undefined) return endOfInput();
      if (!isDigit(c)) return invalid(c, 'after decimal point in numeric literal');
      while (isDigit(at())) this.pos++;
    }
    if (at() === 0x65 || at() === 0x45) {
      this.pos++;
      if (at() === 0x2b || at() === 0x2d) this.pos++;
      const c = at();
      if (c === undefined) return endOfInput();
      if (!isDigit(c)) return invalid(c, 'in exponent of numeric literal');
      while (isDigit(at())) this.pos++;
    }
    if (at() === undefined && !topLevel) return endOfInput();
    return fromUtf8.decode(this.bytes.subarray(start, this.pos));
  }

  /** `true`, `false` or `null`, byte by byte as Go's scanner checks them. */
  literal(word: 'true' | 'false' | 'null'): JsonNode | SyntaxFailure {
    this.pos++;
    for (let i = 1; i < word.length; i++) {
      const c = this.bytes[this.pos];
      if (c === undefined) return UNEXPECTED_EOF;
      const expected = word[i] as string;
      if (c !== expected.charCodeAt(0))
        return invalid(c, `in literal ${word} (expecting '${expected}')`);
      this.pos++;
    }
    return word === 'null' ? NULL_NODE : { kind: 'bool', value: word === 'true' };
  }
}

/** Go's string unquoting: escapes decoded; a lone surrogate escape becomes U+FFFD. */
function unquote(raw: Uint8Array): string {
  if (!raw.includes(0x5c)) return fromUtf8.decode(raw);
  const text = fromUtf8.decode(raw);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const escape = text[++i] as string;
    if (escape !== 'u') {
      out +=
        ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ??
        escape;
      continue;
    }
    const unit = parseInt(text.slice(i + 1, i + 5), 16);
    i += 4;
    if (unit < 0xd800 || unit > 0xdfff) {
      out += String.fromCharCode(unit);
      continue;
    }
    const next = text.slice(i + 1, i + 3) === '\\u' ? parseInt(text.slice(i + 3, i + 7), 16) : NaN;
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += String.fromCharCode(unit, next);
      i += 6;
    } else {
      out += '\ufffd';
    }
  }
  return out;
}

/**
 * The first JSON value of `text`, or Go's error text. `text` must not be empty (an empty body
 * is the caller's `Request body is empty`).
 */
export function readJsonText(text: string): JsonRead {
  const reader = new Reader(utf8.encode(text));
  if (reader.peekNonSpace() === undefined) return { ok: false, message: 'EOF' };
  const result = readValue(reader);
  return result instanceof SyntaxFailure
    ? { ok: false, message: result.message }
    : { ok: true, node: result };
}

function readValue(reader: Reader): JsonNode | SyntaxFailure {
  const stack: Frame[] = [];
  let expectValue = true;
  let finished: JsonNode | undefined;
  for (;;) {
    if (expectValue) {
      const c = reader.peekNonSpace();
      if (c === undefined) return UNEXPECTED_EOF;
      let node: JsonNode | SyntaxFailure | undefined;
      if (c === 0x7b || c === 0x5b) {
        if (stack.length + 1 > GO_JSON_MAX_DEPTH)
          return new SyntaxFailure(exceededMaxDepth(c === 0x7b ? '{' : '['));
        const frame: Frame = {
          isArray: c === 0x5b,
          start: reader.offset,
          items: [],
          entries: [],
          key: '',
        };
        reader.take();
        stack.push(frame);
        const next = reader.peekNonSpace();
        if (next === undefined) return UNEXPECTED_EOF;
        if (next === (frame.isArray ? 0x5d : 0x7d)) {
          reader.take();
          stack.pop();
          node = closed(reader, frame);
        } else if (!frame.isArray) {
          const key = readKey(reader);
          if (key instanceof SyntaxFailure) return key;
          frame.key = key;
          continue;
        } else {
          continue;
        }
      } else if (c === 0x22) {
        const s = reader.string();
        if (s instanceof SyntaxFailure) return s;
        node = { kind: 'string', value: s.value, raw: () => s.raw };
      } else if (c === 0x2d || isDigit(c)) {
        const text = reader.number(stack.length === 0);
        if (text instanceof SyntaxFailure) return text;
        node = { kind: 'number', text };
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        node = reader.literal(c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null');
      } else {
        return invalid(c, 'looking for beginning of value');
      }
      if (node instanceof SyntaxFailure) return node;
      finished = node;
    }
    // A value is complete: attach it, then read what follows it in its container.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) return finished as JsonNode;
      if (finished !== undefined) {
        if (frame.isArray) frame.items.push(finished);
        else frame.entries.push([frame.key, finished]);
        finished = undefined;
      }
      const c = reader.peekNonSpace();
      if (c === undefined) return UNEXPECTED_EOF;
      reader.take();
      if (c === 0x2c) {
        if (!frame.isArray) {
          const key = readKey(reader);
          if (key instanceof SyntaxFailure) return key;
          frame.key = key;
        }
        expectValue = true;
        break;
      }
      if (c === (frame.isArray ? 0x5d : 0x7d)) {
        stack.pop();
        finished = closed(reader, frame);
        continue;
      }
      return invalid(c, frame.isArray ? 'after array element' : 'after object key:value pair');
    }
  }
}

/** The node of a container just closed, with its source text. */
function closed(reader: Reader, frame: Frame): JsonNode {
  const end = reader.offset;
  const source = (): string => reader.text(frame.start, end);
  return frame.isArray
    ? { kind: 'array', items: frame.items, source }
    : { kind: 'object', entries: frame.entries, source };
}

/** An object key and its colon. */
function readKey(reader: Reader): string | SyntaxFailure {
  const c = reader.peekNonSpace();
  if (c === undefined) return UNEXPECTED_EOF;
  if (c !== 0x22) return invalid(c, 'looking for beginning of object key string');
  const key = reader.string();
  if (key instanceof SyntaxFailure) return key;
  const colon = reader.peekNonSpace();
  if (colon === undefined) return UNEXPECTED_EOF;
  if (colon !== 0x3a) return invalid(colon, 'after object key');
  reader.take();
  return key.value;
}
