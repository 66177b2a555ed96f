/**
 * The transcript of a scenario run: what an operator would see in a terminal (commands and their
 * output) plus the scenario's headings and narration. Lines are kept for golden files and, when a
 * live printer is given, printed as they happen.
 */

export class Transcript {
  private readonly lines: string[] = [];
  private recorder: ((line: string, since: number | null) => void) | null = null;

  constructor(private readonly live: ((text: string) => void) | null = null) {}

  /**
   * Hands every line, as kept, to `recorder` (the scenario records them in the trace), with the
   * virtual time its step began when the writer gave one.
   */
  recordLines(recorder: (line: string, since: number | null) => void): void {
    this.recorder = recorder;
  }

  /**
   * Appends text (one or more lines; a trailing newline is implied). `since`: the virtual ms at
   * which the step that prints this began, when earlier than now.
   */
  write(text: string, since: number | null = null): void {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    for (const line of body.split('\n')) {
      const kept = line.replace(/\s+$/, '');
      this.lines.push(kept);
      this.recorder?.(kept, since);
    }
    this.live?.(`${body}\n`);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.write('');
  }

  text(): string {
    return `${this.lines.join('\n').replace(/\n+$/, '')}\n`;
  }
}

/** Wraps narration at `width` columns on word boundaries. */
export function wrap(text: string, width = 96): string {
  const out: string[] = [];
  for (const paragraph of text.trim().split(/\n\s*\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') out.push(line);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
