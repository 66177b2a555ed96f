/**
 * Public entry of the HCL v1 reader: parse text (native HCL or JSON) into a tree with positions,
 * plus the helpers to read that tree with HCL v1's decoder rules and to write strings back.
 *
 * Like HCL v1, the syntax is detected from the first non-blank character: `{` means JSON,
 * anything else native HCL. Both produce the same tree shape (see ./ast.ts), so a decoder written
 * once serves both: the Nomad agent configuration files and the job files of the CLI read it.
 *
 * This reader is lenient and explains its errors in its own words. ACL policies, whose every
 * quirk and error text must match Nomad's, are read by ./v1 instead, which reproduces Go's
 * hashicorp/hcl v1 exactly.
 */

import type { HclDocument, HclObject, HclSyntax } from './ast.js';
import { flattenJsonBody } from './json-flatten.js';
import { parseJsonHcl } from './json-parser.js';
import { parseNativeHcl } from './native-parser.js';

export type {
  HclBool,
  HclDocument,
  HclItem,
  HclKey,
  HclList,
  HclLiteral,
  HclNull,
  HclNumber,
  HclObject,
  HclPosition,
  HclString,
  HclSyntax,
  HclValue,
} from './ast.js';
export { describeHclValue } from './ast.js';
export { HclSyntaxError, MAX_HCL_NESTING } from './errors.js';
export {
  type HclEntry,
  blockBody,
  bodyEntries,
  entriesByKey,
  entriesNamed,
  keyMatches,
  lastEntry,
  takeLabel,
} from './body.js';
export { formatHclKey, quoteHclString } from './quote.js';

export interface ParseHclOptions {
  /** Force a syntax instead of detecting it. Default `auto`. */
  readonly syntax?: HclSyntax | 'auto';
}

/** The syntax HCL v1 would pick: JSON when the first non-whitespace character is `{`. */
export function detectHclSyntax(text: string): HclSyntax {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '{') return 'json';
    if (!/\s/.test(ch)) return 'hcl';
  }
  return 'hcl';
}

/** Parses a document. Throws HclSyntaxError (`At line:column: reason`) on malformed input. */
export function parseHcl(text: string, options: ParseHclOptions = {}): HclDocument {
  const wanted = options.syntax ?? 'auto';
  const syntax = wanted === 'auto' ? detectHclSyntax(text) : wanted;
  const body: HclObject =
    syntax === 'json' ? flattenJsonBody(parseJsonHcl(text)) : parseNativeHcl(text);
  return { syntax, body };
}
