/**
 * The playground's terminal: an xterm.js terminal in the page, sized to fill its box (whole
 * character cells, measured from what xterm drew), with the shell's prompts in colour. It shows
 * text and reports keys; the line editing is ./line-editor.ts.
 */
import { Terminal } from '@xterm/xterm';

/** A shell prompt at the start of a line: `[00:01:12 operator]$ `, or a scenario's `$ `. */
const PROMPT = /^(\[\d\d+:\d\d:\d\d [^\]\r\n]+\]\$ |\$ |\[[^\]\r\n]+\]\$ )/gm;

const THEME = {
  background: '#1e1e1e',
  foreground: '#e8e8e8',
  cursor: '#e69f00',
  selectionBackground: '#56b4e980',
};

export class TerminalView {
  readonly terminal: Terminal;

  constructor(private readonly box: HTMLElement) {
    this.terminal = new Terminal({
      cols: 100,
      rows: 12,
      convertEol: true,
      scrollback: 5000,
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      theme: THEME,
    });
    this.terminal.open(box);
    new ResizeObserver(() => this.fit()).observe(box);
    this.fit();
  }

  /** Columns per row. */
  get columns(): number {
    return this.terminal.cols;
  }

  /** Shell output: text as the transcript has it, prompts coloured. */
  print(text: string): void {
    this.terminal.write(text.replace(PROMPT, (prompt) => this.styled(prompt)));
  }

  /** A prompt in the prompts' colour (as many cells as the prompt). */
  styled(prompt: string): string {
    return `\x1b[1;32m${prompt}\x1b[0m`;
  }

  /** Text as is (the line editor's drawing, notices). */
  write(text: string): void {
    this.terminal.write(text);
  }

  /** A notice from the playground itself, in grey. */
  notice(text: string): void {
    this.terminal.write(`\x1b[90m${text}\x1b[0m\r\n`);
  }

  /** Clears the screen and the scrollback (a new session starts). */
  clear(): void {
    this.terminal.reset();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Every line of the terminal, scrollback included, without trailing spaces. */
  text(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (line === undefined) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    for (let i = 0; i < lines.length; i++) lines[i] = (lines[i] as string).trimEnd();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /** Fits whole rows and columns into the box, measuring the cells xterm drew. */
  fit(): void {
    const screen = this.box.querySelector<HTMLElement>('.xterm-screen');
    if (screen === null || screen.clientWidth === 0) return;
    const cellWidth = screen.clientWidth / this.terminal.cols;
    const cellHeight = screen.clientHeight / this.terminal.rows;
    const style = getComputedStyle(this.box);
    const width =
      this.box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height =
      this.box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    // One column is left for the scroll bar.
    const cols = Math.max(20, Math.floor(width / cellWidth) - 1);
    const rows = Math.max(4, Math.floor(height / cellHeight));
    if (cols !== this.terminal.cols || rows !== this.terminal.rows)
      this.terminal.resize(cols, rows);
  }
}
