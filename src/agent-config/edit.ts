/**
 * Small edits of configuration TEXT, as an operator following the tutorial makes them: switch
 * `acl { enabled }`, set `server { authoritative_region }`, set `acl { replication_token }`.
 *
 * The operator's formatting is kept: in native HCL only the affected value is rewritten, a
 * missing attribute is added as the last line of the last matching block (or a new block is
 * appended at the end of the file), and clearing a string attribute removes its line. Token
 * ends and closing braces come from the HCL lexer (src/hcl/lexer.ts), so strings, heredocs and
 * comments are skipped exactly as the parser skips them.
 * Every occurrence is edited, because with repeated blocks Nomad's merge rules would otherwise
 * let another block win (an `enabled = true` anywhere keeps ACLs on). JSON files are
 * re-serialised with two-space indentation. The result is checked by parsing it again; if the
 * text could not be edited in place (e.g. a JSON file with duplicate keys, which JSON.parse
 * folds) the canonical text of the edited config (./agent-config-print.ts) is returned instead.
 * Text that already has the wanted value is returned unchanged. Invalid text throws
 * AgentConfigError.
 */

import {
  blockBody,
  bodyEntries,
  type HclDocument,
  type HclItem,
  type HclObject,
  type HclValue,
  keyMatches,
  parseHcl,
  quoteHclString,
} from '../hcl/index.js';
import { HclLexer } from '../hcl/lexer.js';
import { parseAgentConfig } from './parse.js';
import { printAgentConfig } from './print.js';
import { agentConfigsEqual } from './reload.js';
import type { AgentConfig } from './types.js';

export interface EditAgentConfigOptions {
  /** File name for error messages. */
  readonly file?: string;
}

/** Sets `acl { enabled = ... }`. */
export function withAclEnabled(
  text: string,
  enabled: boolean,
  options: EditAgentConfigOptions = {},
): string {
  return editAttribute(text, options, {
    block: 'acl',
    name: 'enabled',
    value: enabled,
    apply: (c) => ({ ...c, acl: { ...c.acl, enabled } }),
  });
}

/** Sets `server { authoritative_region = ... }`; the empty string removes it. */
export function withAuthoritativeRegion(
  text: string,
  region: string,
  options: EditAgentConfigOptions = {},
): string {
  return editAttribute(text, options, {
    block: 'server',
    name: 'authoritative_region',
    value: region === '' ? null : region,
    apply: (c) => ({ ...c, server: { ...c.server, authoritativeRegion: region } }),
  });
}

/** Sets `acl { replication_token = ... }`; the empty string removes it. */
export function withReplicationToken(
  text: string,
  token: string,
  options: EditAgentConfigOptions = {},
): string {
  return editAttribute(text, options, {
    block: 'acl',
    name: 'replication_token',
    value: token === '' ? null : token,
    apply: (c) => ({ ...c, acl: { ...c.acl, replicationToken: token } }),
  });
}

interface AttributeEdit {
  readonly block: 'acl' | 'server';
  readonly name: string;
  /** The new value; null removes the attribute. */
  readonly value: string | boolean | null;
  /** The same change on a parsed config, to know what the text must mean afterwards. */
  readonly apply: (config: AgentConfig) => AgentConfig;
}

function editAttribute(text: string, options: EditAgentConfigOptions, edit: AttributeEdit): string {
  const parseOptions = options.file === undefined ? {} : { file: options.file };
  const before = parseAgentConfig(text, parseOptions);
  const wanted = edit.apply(before);
  if (agentConfigsEqual(before, wanted)) return text;
  const doc = parseHcl(text);
  const edited = doc.syntax === 'json' ? editJson(text, edit) : editNative(text, doc, edit);
  if (edited !== null && agentConfigsEqual(parseAgentConfig(edited, parseOptions), wanted))
    return edited;
  return printAgentConfig(wanted);
}

// ---- native HCL -----------------------------------------------------------------------------

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start))
    out = out.slice(0, s.start) + s.insert + out.slice(s.end);
  return out;
}

function editNative(text: string, doc: HclDocument, edit: AttributeEdit): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const blocks = bodyEntries(doc.body)
    .filter((entry) => keyMatches(entry.key.name, edit.block) && entry.labels.length === 0)
    .map((entry) => ({ item: entry.item, body: blockBody(entry) }))
    .filter((b): b is { item: HclItem; body: HclObject } => b.body.kind === 'object');
  const attributes = blocks.flatMap((b) =>
    b.body.items.filter(
      (item) => item.keys.length === 1 && keyMatches(item.keys[0]?.name ?? '', edit.name),
    ),
  );
  const spans = new TokenSpans(text);
  if (attributes.length > 0)
    return applySplices(
      text,
      attributes.map((item) => changeAttribute(text, spans, item, edit.value)),
    );
  if (edit.value === null) return text;
  const literal = `${edit.name} = ${hclLiteral(edit.value)}`;
  const last = blocks[blocks.length - 1];
  if (last !== undefined)
    return applySplices(text, [appendToBlock(text, spans, last.item, last.body, literal, newline)]);
  const base = text === '' || text.endsWith('\n') ? text : text + newline;
  const gap = base.trim() === '' || base.endsWith(newline + newline) ? '' : newline;
  return `${base}${gap}${edit.block} {${newline}  ${literal}${newline}}${newline}`;
}

function hclLiteral(value: string | boolean): string {
  return typeof value === 'string' ? quoteHclString(value) : String(value);
}

/** Where each token of the text starts and ends (HCL v1 lexer), to find value ends and closing braces. */
class TokenSpans {
  private readonly tokens: {
    readonly type: string;
    readonly start: number;
    readonly end: number;
  }[] = [];
  private readonly byStart = new Map<number, number>();

  constructor(text: string) {
    const lexer = new HclLexer(text);
    for (;;) {
      const token = lexer.next();
      if (token.type === 'eof') break;
      this.byStart.set(token.pos.offset, this.tokens.length);
      this.tokens.push({ type: token.type, start: token.pos.offset, end: lexer.position().offset });
    }
  }

  /** End offset of the token starting at `start`. */
  endOf(start: number): number {
    const index = this.byStart.get(start);
    if (index === undefined) throw new Error(`agent config edit: no token at offset ${start}`);
    return this.tokens[index]?.end ?? start;
  }

  /** Offset of the `}` matching the `{` at `open`. */
  closingBrace(open: number): number {
    let depth = 0;
    for (let i = this.byStart.get(open) ?? this.tokens.length; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token?.type === 'lbrace') depth++;
      else if (token?.type === 'rbrace' && --depth === 0) return token.start;
    }
    throw new Error(`agent config edit: unclosed block at offset ${open}`);
  }
}

function changeAttribute(
  text: string,
  spans: TokenSpans,
  item: HclItem,
  value: string | boolean | null,
): Splice {
  const end = valueEnd(text, spans, item.value);
  if (value !== null) return { start: item.value.pos.offset, end, insert: hclLiteral(value) };
  const line = wholeLine(text, item.pos.offset, end);
  return line ?? { start: item.value.pos.offset, end, insert: '""' };
}

/** Where a value ends; a heredoc token includes its closing line's newline, which stays in place. */
function valueEnd(text: string, spans: TokenSpans, value: HclValue): number {
  let end = spans.endOf(value.pos.offset);
  if (value.kind === 'string' && value.heredoc) {
    if (text[end - 1] === '\n') end--;
    if (text[end - 1] === '\r') end--;
  }
  return end;
}

/** The span of the line holding only this item (plus a comma or comment), or null. */
function wholeLine(text: string, start: number, end: number): Splice | null {
  if (lineIndent(text, start) === null) return null;
  const lineStart = start - (lineIndent(text, start)?.length ?? 0);
  const newlineAt = text.indexOf('\n', end);
  const rest = text.slice(end, newlineAt < 0 ? text.length : newlineAt);
  if (!/^[ \t]*,?[ \t]*(?:(?:#|\/\/).*)?\r?$/.test(rest)) return null;
  return { start: lineStart, end: newlineAt < 0 ? text.length : newlineAt + 1, insert: '' };
}

/** Appends `literal` as the last attribute of a block, on its own line when the block spans lines. */
function appendToBlock(
  text: string,
  spans: TokenSpans,
  item: HclItem,
  body: HclObject,
  literal: string,
  newline: string,
): Splice {
  const open = body.pos.offset;
  const close = spans.closingBrace(open);
  const closeIndent = lineIndent(text, close);
  if (closeIndent !== null && text.lastIndexOf('\n', close) > open) {
    const last = body.items[body.items.length - 1];
    const itemIndent =
      (last === undefined ? null : lineIndent(text, last.pos.offset)) ?? `${closeIndent}  `;
    const lineStart = close - closeIndent.length;
    return { start: lineStart, end: lineStart, insert: `${itemIndent}${literal}${newline}` };
  }
  const inside = text.slice(open + 1, close);
  if (inside.trim() === '') {
    const indent = lineIndent(text, item.pos.offset) ?? '';
    return {
      start: open,
      end: close + 1,
      insert: `{${newline}${indent}  ${literal}${newline}${indent}}`,
    };
  }
  const at = open + 1 + inside.trimEnd().length;
  const separator = body.items.length === 0 || text[at - 1] === ',' ? ' ' : ', ';
  return { start: at, end: at, insert: `${separator}${literal}` };
}

/** The blanks before `offset` when it is the first thing on its line, else null. */
function lineIndent(text: string, offset: number): string | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : null;
}

// ---- JSON -----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The edited JSON text, or null when the document cannot be edited this way. */
function editJson(text: string, edit: AttributeEdit): string | null {
  let root: Json;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch {
    return null;
  }
  if (!isJsonObject(root)) return null;
  const blockKeys = Object.keys(root).filter((k) => keyMatches(k, edit.block));
  const blocks = blockKeys.flatMap((k) => {
    const value = root[k];
    return isJsonObject(value) ? [value] : Array.isArray(value) ? value.filter(isJsonObject) : [];
  });
  let found = false;
  for (const block of blocks) {
    for (const k of Object.keys(block).filter((name) => keyMatches(name, edit.name))) {
      found = true;
      if (edit.value === null) delete block[k];
      else block[k] = edit.value;
    }
  }
  if (!found && edit.value !== null) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined) last[edit.name] = edit.value;
    else if (blockKeys.length === 0) root[edit.block] = { [edit.name]: edit.value };
    else return null;
  }
  return `${JSON.stringify(root, null, 2)}\n`;
}
