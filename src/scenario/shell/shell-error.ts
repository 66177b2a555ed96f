/**
 * A command's own failure in `nomad-sim shell`: one line (without the command name, which the
 * shell puts in front) and the exit status of the command.
 */
export class ShellError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ShellError';
  }
}
