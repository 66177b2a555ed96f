/**
 * HCL v1 exactly as Go's `github.com/hashicorp/hcl` v1.0.1-nomad-1 reads it: the library Nomad
 * uses for ACL policies. Where the simulator must answer "will Nomad accept this text, and what
 * does it mean?", it uses this reader; it reproduces Go's quirks, error texts, error positions
 * and panics on purpose (see the files of this folder for each one).
 *
 * `parseHclV1` picks the syntax as Go does (JSON when the first non-space character is `{`) and
 * returns the root object list, or throws a GoError with Go's message (or a GoPanic where Go
 * panics). `decodeDocument` fills a struct described by a schema, as `hcl.DecodeObject` fills a
 * Go struct.
 *
 * The lenient reader one folder up (../index.ts) is older and friendlier; it serves the agent
 * configuration and job files, whose texts are not promised to be byte-exact.
 */

import type { ObjectList } from './ast.js';
import { isUnicodeSpace } from './chars.js';
import { parseJson } from './json-parser.js';
import { parseNative } from './parser.js';
import { decodeRune, encodeUtf8, runeOf, sizeOf } from './utf8.js';

export {
  children,
  elements,
  filter,
  type ListType,
  type LiteralType,
  type Node,
  type ObjectItem,
  type ObjectKey,
  type ObjectList,
  type ObjectType,
  sourcePos,
} from './ast.js';
export {
  decodeDocument,
  GO_STRING,
  type GoStruct,
  type GoStructField,
  type GoStructType,
  type GoType,
  type GoValue,
  newStruct,
  pointerTo,
  sliceOf,
} from './decoder.js';
export { GoError, goIndex, GoPanic, indexOutOfRange, nilDereference, PosError } from './errors.js';
export { equalFold } from './fold.js';
export { quoteHclV1String } from './quote.js';
export { NO_POS, type Pos, posString } from './token.js';
export { compareGoStrings, goBytes, goLength, isRawByteAt } from './utf8.js';

/** Which syntax Go's `lexMode` picks: JSON when the first non-space rune is `{`. */
export function detectSyntax(src: Uint8Array): 'json' | 'hcl' {
  let offset = 0;
  for (;;) {
    const packed = decodeRune(src, offset);
    offset += sizeOf(packed);
    const r = runeOf(packed);
    if (sizeOf(packed) > 0 && isUnicodeSpace(r)) continue;
    return r === 0x7b && sizeOf(packed) > 0 ? 'json' : 'hcl';
  }
}

/** `hcl.Parse(text)`: the root object list of a native or JSON document. */
export function parseHclV1(text: string): ObjectList {
  const src = encodeUtf8(text);
  return detectSyntax(src) === 'json' ? parseJson(src) : parseNative(src);
}
