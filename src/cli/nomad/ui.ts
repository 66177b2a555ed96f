/**
 * The command's terminal, modelled on the `Ui` Nomad's commands write to: `output` lines go to
 * stdout, `error` and `warn` lines to stderr, each followed by a newline; `ask` writes a question
 * without a newline and reads one answer line from stdin.
 */
export class Ui {
  private out = '';
  private err = '';
  private readonly answers: string[];

  constructor(stdin: string | undefined) {
    this.answers = stdin === undefined || stdin === '' ? [] : stdin.split('\n');
  }

  output(text: string): void {
    this.out += `${text}\n`;
  }

  error(text: string): void {
    this.err += `${text}\n`;
  }

  warn(text: string): void {
    this.error(text);
  }

  /** Prints `question ` and returns the next stdin line (`undefined` at end of input). */
  ask(question: string): string | undefined {
    this.out += `${question} `;
    return this.answers.shift();
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }
}
