/**
 * The playground terminal's line editing, as readline gives `nomad-sim shell` on a real terminal:
 * a prompt, the line being typed (insert anywhere, Backspace, Delete, ← →, Home/End, Ctrl-A/E/U/K/W),
 * history (↑ ↓), Tab completion (the shell's own completer), Ctrl-C (forgets the line being typed,
 * or interrupts the command running), Ctrl-L (clears the screen). Lines may wrap over several rows.
 *
 * It only turns what the terminal reports typed (xterm's `onData`: text and escape sequences) into
 * what to draw (text and VT100 sequences), so it runs without a browser in the tests. Input that
 * comes while a command runs (typed ahead, or the rest of a pasted block) waits for the next prompt.
 * When a line is entered the editor erases what it drew: the shell prints the line itself, after
 * its prompt, as part of the transcript.
 */

/** Where the editor draws, and how wide that is. */
export interface EditorScreen {
  write(text: string): void;
  /** Columns per row (lines longer than this wrap). */
  columns(): number;
  /** The prompt as drawn (colours may be added; it must take as many cells as `prompt`). */
  styled?(prompt: string): string;
}

/** What the editor asks of the shell behind it. */
export interface EditorActions {
  /** A line was entered; the editor stays quiet until `prompt` is called again. */
  submit(line: string): void;
  /** Completions of the text before the cursor, as readline's completer answers: [matches, word]. */
  complete(before: string): Promise<[string[], string]>;
  /** Ctrl-C while the line is being typed: the shell forgets a half-typed command. */
  cancel(): void;
  /** Ctrl-C while a command runs. */
  interrupt(): void;
}

const HISTORY_LINES = 500;

/** An escape sequence at the start of `text` (CSI or SS3), or null. */
const ESCAPE = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])/;

/** The width of `text` in terminal cells (one per code point; the shell prints plain text). */
function cells(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The longest common prefix of `words`. */
function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export class LineEditor {
  private promptText = '';
  private line = '';
  private cursor = 0;
  /** The row of the terminal's cursor, counted from the row the prompt starts on. */
  private cursorRow = 0;
  private editing = false;
  private completing = false;
  private pending = '';
  private readonly history: string[] = [];
  /** Position in the history while ↑ ↓ browse it (history.length: the line being typed). */
  private browsing = 0;
  private draft = '';

  constructor(
    private readonly screen: EditorScreen,
    private readonly actions: EditorActions,
  ) {}

  /** True while the editor waits for a line (not while a command runs). */
  get ready(): boolean {
    return this.editing;
  }

  /** The line typed so far (for the tests). */
  get typed(): string {
    return this.line;
  }

  /** Starts a new line after `prompt`, then takes any input that came meanwhile. */
  prompt(prompt: string): void {
    this.promptText = prompt;
    this.line = '';
    this.cursor = 0;
    this.cursorRow = 0;
    this.browsing = this.history.length;
    this.draft = '';
    this.editing = true;
    this.screen.write(this.drawnPrompt());
    const waiting = this.pending;
    this.pending = '';
    if (waiting !== '') this.input(waiting);
  }

  /** Forgets input typed ahead and stops editing (a new session is starting). */
  reset(): void {
    this.pending = '';
    this.editing = false;
    this.completing = false;
  }

  /** Takes what the terminal reports typed or pasted. */
  input(data: string): void {
    let i = 0;
    while (i < data.length) {
      if (!this.editing || this.completing) {
        const rest = data.slice(i);
        // Ctrl-C is not typed ahead: it interrupts the command running now.
        const interrupt = rest.indexOf('\x03');
        if (interrupt >= 0 && !this.completing) {
          this.pending = '';
          this.actions.interrupt();
          this.screen.write('^C\r\n');
          i += interrupt + 1;
          continue;
        }
        this.pending += rest;
        return;
      }
      const escape = ESCAPE.exec(data.slice(i, i + 16));
      if (escape !== null) {
        this.key(escape[0]);
        i += escape[0].length;
        continue;
      }
      const char = data[i] as string;
      i++;
      if (char === '\r' || char === '\n') {
        if (char === '\r' && data[i] === '\n') i++;
        this.enter();
      } else this.key(char);
    }
  }

  private key(key: string): void {
    switch (key) {
      case '\x7f':
      case '\b':
        if (this.cursor > 0)
          this.edit(
            this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor),
            this.cursor - 1,
          );
        return;
      case '\x1b[3~':
      case '\x04':
        if (this.cursor < this.line.length)
          this.edit(
            this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1),
            this.cursor,
          );
        return;
      case '\x1b[D':
      case '\x02':
        this.move(this.cursor - 1);
        return;
      case '\x1b[C':
      case '\x06':
        this.move(this.cursor + 1);
        return;
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        this.move(0);
        return;
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        this.move(this.line.length);
        return;
      case '\x1b[A':
      case '\x10':
        this.browse(-1);
        return;
      case '\x1b[B':
      case '\x0e':
        this.browse(1);
        return;
      case '\x15':
        this.edit(this.line.slice(this.cursor), 0);
        return;
      case '\x0b':
        this.edit(this.line.slice(0, this.cursor), this.cursor);
        return;
      case '\x17': {
        const before = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '');
        this.edit(before + this.line.slice(this.cursor), before.length);
        return;
      }
      case '\x03':
        this.move(this.line.length);
        this.screen.write('^C\r\n');
        this.editing = false;
        this.actions.cancel();
        return;
      case '\x0c':
        this.screen.write('\x1b[H\x1b[2J');
        this.cursorRow = 0;
        this.redraw();
        return;
      case '\t':
        this.complete();
        return;
      default:
        // Other control characters and unknown sequences do nothing, as in readline.
        if (key.length === 1 && key >= ' ')
          this.edit(
            this.line.slice(0, this.cursor) + key + this.line.slice(this.cursor),
            this.cursor + 1,
          );
    }
  }

  private enter(): void {
    const line = this.line;
    // Erase what was drawn: the shell echoes the line after its prompt, in the transcript.
    this.screen.write(`\r${this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : ''}\x1b[J`);
    this.cursorRow = 0;
    this.editing = false;
    if (line.trim() !== '' && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY_LINES) this.history.shift();
    }
    this.actions.submit(line);
  }

  private browse(direction: 1 | -1): void {
    const next = this.browsing + direction;
    if (next < 0 || next > this.history.length) return;
    if (this.browsing === this.history.length) this.draft = this.line;
    this.browsing = next;
    const line = next === this.history.length ? this.draft : (this.history[next] as string);
    this.edit(line, line.length);
  }

  private complete(): void {
    const before = this.line.slice(0, this.cursor);
    this.completing = true;
    this.actions.complete(before).then(
      ([matches, word]) => this.completed(matches, word),
      () => this.completed([], ''),
    );
  }

  private completed(matches: readonly string[], word: string): void {
    this.completing = false;
    if (!this.editing) return;
    const prefix = commonPrefix(matches);
    if (matches.length > 0 && prefix.length > word.length) {
      const insert = prefix.slice(word.length);
      this.edit(
        this.line.slice(0, this.cursor) + insert + this.line.slice(this.cursor),
        this.cursor + insert.length,
      );
    } else if (matches.length > 1) {
      // Nothing more in common: list the candidates under the line, then draw the line again.
      this.move(this.line.length);
      this.screen.write(`\r\n${this.columnsOf(matches)}\r\n`);
      this.cursorRow = 0;
      this.redraw();
    }
    const waiting = this.pending;
    this.pending = '';
    if (waiting !== '') this.input(waiting);
  }

  /** `words` in columns across the terminal's width. */
  private columnsOf(words: readonly string[]): string {
    const width = Math.max(...words.map(cells)) + 2;
    const perRow = Math.max(1, Math.floor(this.screen.columns() / width));
    const rows: string[] = [];
    for (let i = 0; i < words.length; i += perRow)
      rows.push(
        words
          .slice(i, i + perRow)
          .map((w) => w.padEnd(width))
          .join('')
          .trimEnd(),
      );
    return rows.join('\r\n');
  }

  private edit(line: string, cursor: number): void {
    this.line = line;
    this.cursor = Math.max(0, Math.min(line.length, cursor));
    this.redraw();
  }

  private move(cursor: number): void {
    const to = Math.max(0, Math.min(this.line.length, cursor));
    if (to === this.cursor) return;
    this.cursor = to;
    this.place();
  }

  private drawnPrompt(): string {
    return this.screen.styled?.(this.promptText) ?? this.promptText;
  }

  /** The row the end of the prompt and line is on (after forcing a wrap at a full last row). */
  private endRow(): number {
    return Math.floor(cells(this.promptText + this.line) / this.screen.columns());
  }

  /** Draws the prompt and the line again from the prompt's first row, and places the cursor. */
  private redraw(): void {
    const up = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : '';
    const length = cells(this.promptText + this.line);
    // A row filled to its last column leaves the cursor waiting to wrap: move it to the next row.
    const wrap = length > 0 && length % this.screen.columns() === 0 ? '\r\n' : '';
    this.screen.write(`\r${up}\x1b[J${this.drawnPrompt()}${this.line}${wrap}`);
    this.cursorRow = this.endRow();
    this.place();
  }

  /** Moves the terminal's cursor from `cursorRow` to where `cursor` is in the line. */
  private place(): void {
    const columns = this.screen.columns();
    const at = cells(this.promptText + this.line.slice(0, this.cursor));
    const row = Math.floor(at / columns);
    const column = at % columns;
    let moves = '\r';
    if (row < this.cursorRow) moves += `\x1b[${this.cursorRow - row}A`;
    else if (row > this.cursorRow) moves += `\x1b[${row - this.cursorRow}B`;
    if (column > 0) moves += `\x1b[${column}C`;
    this.screen.write(moves);
    this.cursorRow = row;
  }
}
