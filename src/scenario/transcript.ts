/**
 * The transcript of a scenario run: what an operator would see in a terminal (commands and their
 * output) plus the scenario's headings and narration. Lines are kept for golden files and, when a
 * live printer is given, printed as they happen.
 */

export class Transcript {
  private readonly lines: string[] = [];

  constructor(private readonly live: ((text: string) => void) | null = null) {}

  /** Appends text (one or more lines; a trailing newline is implied). */
  write(text: string): void {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    for (const line of body.split('\n')) this.lines.push(line.replace(/\s+$/, ''));
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
