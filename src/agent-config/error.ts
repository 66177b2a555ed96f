/**
 * The one exception agent configuration parsing throws, with the file, the key and the position
 * it is about, so a scenario can show the operator exactly what Nomad would refuse to start with.
 *
 * Message shape (Nomad's agent prints `Error loading configuration from <path>: <error>`):
 *   `Error loading configuration from server.hcl: At 3:15: acl.enabled: expected a bool, got string "yes"`
 * Without a file name the prefix is `Error loading configuration: `; without a position the
 * `At line:col: ` part is left out.
 */

export interface AgentConfigProblem {
  /** Dotted HCL key path (`acl.enabled`, `server`, `region`), or null for syntax errors. */
  readonly key: string | null;
  readonly line: number | null;
  readonly column: number | null;
  /** What is wrong, without file or position: `acl.enabled: expected a bool, got string "yes"`. */
  readonly reason: string;
}

export class AgentConfigError extends Error implements AgentConfigProblem {
  override readonly name = 'AgentConfigError';
  readonly file: string | null;
  readonly key: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly reason: string;

  constructor(problem: AgentConfigProblem, file: string | null = null) {
    super(formatAgentConfigProblem(problem, file));
    this.file = file;
    this.key = problem.key;
    this.line = problem.line;
    this.column = problem.column;
    this.reason = problem.reason;
  }

  /** The same problem, reported against `file`. */
  inFile(file: string | null): AgentConfigError {
    return new AgentConfigError(this, file);
  }
}

function formatAgentConfigProblem(problem: AgentConfigProblem, file: string | null): string {
  const prefix =
    file === null ? 'Error loading configuration: ' : `Error loading configuration from ${file}: `;
  const at =
    problem.line === null || problem.column === null
      ? ''
      : `At ${problem.line}:${problem.column}: `;
  return `${prefix}${at}${problem.reason}`;
}
