/**
 * The error parsePolicy throws, carrying Nomad's exact message (spec §6.4) and, when known, the
 * line and column of the problem so editors and the CLI can point at it.
 */

export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError';
  /** 1-based line of the offending text or block, when known. */
  readonly line: number | undefined;
  /** 1-based column of the offending text or block, when known. */
  readonly column: number | undefined;

  constructor(message: string, where?: { readonly line: number; readonly column: number }) {
    super(message);
    this.line = where?.line;
    this.column = where?.column;
  }
}
