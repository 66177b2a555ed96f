/**
 * The transcript of a scenario run: what an operator would see in a terminal (commands and their
 * output) plus the scenario's headings and narration. Lines are kept for golden files and, when a
 * live printer is given, printed as they happen. With a clock (`--timestamps`), every line that
 * is not blank starts with the virtual time it was written at, `[00:01:12.345] $ nomad ...`.
 */

export class Transcript {
  private readonly lines: string[] = [];
  private recorder: ((line: string, since: number | null) => void) | null = null;

  /** `clock`: the virtual time in ms, to stamp each line with; null prints lines as they are. */
  constructor(
    private readonly live: ((text: string) => void) | null = null,
    private readonly clock: (() => number) | null = null,
  ) {}

  /**
   * Hands every line, as kept (without a time stamp), to `recorder` (the scenario records them in
   * the trace), with the virtual time the writer gave for it, if any.
   */
  recordLines(recorder: (line: string, since: number | null) => void): void {
    this.recorder = recorder;
  }

  /**
   * Appends text (one or more lines; a trailing newline is implied). `at`: the virtual time to
   * stamp it with, when that is not now (a command line: when it was typed). `since`: the time the
   * recorder gets, when not `at` (a command's output: when the command began).
   */
  write(text: string, at?: number, since?: number): void {
    let body = text.endsWith('\n') ? text.slice(0, -1) : text;
    const stamp = this.clock === null ? null : formatVirtualTime(at ?? this.clock());
    for (const line of body.split('\n')) {
      const kept = line.replace(/\s+$/, '');
      this.recorder?.(kept, since ?? at ?? null);
      this.lines.push(stamp === null || kept.trim() === '' ? kept : `${stamp} ${kept}`);
    }
    if (stamp !== null) {
      body = body
        .split('\n')
        .map((line) => (line.trim() === '' ? line : `${stamp} ${line}`))
        .join('\n');
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

/** Virtual time as a transcript stamp: `[HH:MM:SS.mmm]` (hours grow past 99 on runs that long). */
export function formatVirtualTime(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  const two = (n: number): string => String(n).padStart(2, '0');
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor(whole / 60_000) % 60;
  const seconds = Math.floor(whole / 1000) % 60;
  return `[${two(hours)}:${two(minutes)}:${two(seconds)}.${String(whole % 1000).padStart(3, '0')}]`;
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
