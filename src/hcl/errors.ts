/**
 * The one error the HCL layer throws: a syntax (or shape) problem at a known place.
 *
 * Its message has HCL v1's shape, `At <line>:<column>: <reason>`, so a caller such as the ACL
 * policy parser can prefix it (`Failed to parse ACL Policy: At 1:6: ...`) and show it to users.
 */

import type { HclPosition } from './ast.js';

export class HclSyntaxError extends Error {
  override readonly name = 'HclSyntaxError';
  readonly line: number;
  readonly column: number;
  /** The message without the `At line:column: ` prefix. */
  readonly reason: string;

  constructor(pos: Pick<HclPosition, 'line' | 'column'>, reason: string) {
    super(`At ${pos.line}:${pos.column}: ${reason}`);
    this.line = pos.line;
    this.column = pos.column;
    this.reason = reason;
  }
}

/** How deep lists and objects may nest before parsing stops with an error instead of overflowing the stack. */
export const MAX_HCL_NESTING = 256;
