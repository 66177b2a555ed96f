/**
 * The playground terminal's line editing (src/playground/line-editor.ts), without a browser: what
 * it draws is played on a small VT100 screen (the sequences it uses: CR, LF, cursor up, down and
 * right, erase below, home and clear, colours ignored; a character in the last column leaves the
 * cursor waiting to wrap, as xterm does). Whatever is typed, at any width, the screen shows the
 * prompt and the line wrapped across rows with the cursor on the character being edited; Enter
 * hands the line over and erases it (the shell prints it back), input typed while a command runs
 * waits for the next prompt, and history, completion and Ctrl-C behave as readline's.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type EditorActions, LineEditor } from '../src/playground/line-editor.js';

/** A VT100 screen, just enough for the editor's output. */
class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pendingWrap = false;

  constructor(readonly cols: number) {}

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([]);
    return this.rows[r] as string[];
  }

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '\x1b') {
        const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(text.slice(i));
        if (m === null)
          throw new Error(`unknown escape in ${JSON.stringify(text.slice(i, i + 8))}`);
        i += m[0].length - 1;
        const n = m[1] === '' ? 1 : Number(m[1]);
        this.pendingWrap = m[2] === 'm' ? this.pendingWrap : false;
        if (m[2] === 'A') this.row = Math.max(0, this.row - n);
        else if (m[2] === 'B') this.row += n;
        else if (m[2] === 'C') this.col = Math.min(this.cols - 1, this.col + n);
        else if (m[2] === 'J' && m[1] === '2') this.rows = [[]];
        else if (m[2] === 'J') {
          this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
          this.rows.length = Math.min(this.rows.length, this.row + 1);
        } else if (m[2] === 'H') {
          this.row = 0;
          this.col = 0;
        } else if (m[2] !== 'm') throw new Error(`unexpected escape ${m[0]}`);
      } else if (ch === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (ch === '\n') {
        this.row++;
        this.pendingWrap = false;
        this.line(this.row);
      } else {
        if (this.pendingWrap) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
        }
        const line = this.line(this.row);
        while (line.length < this.col) line.push(' ');
        line[this.col] = ch;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
    }
  }

  /** Rows from `from` on, as text. */
  text(from = 0): string[] {
    return this.rows.slice(from).map((r) => r.join('').trimEnd());
  }
}

interface Harness {
  screen: Screen;
  editor: LineEditor;
  submitted: string[];
  events: string[];
}

function harness(cols: number, completions: string[] = []): Harness {
  const screen = new Screen(cols);
  const submitted: string[] = [];
  const events: string[] = [];
  const actions: EditorActions = {
    submit: (line) => submitted.push(line),
    complete: async (before) => {
      const word = /(\S*)$/.exec(before)?.[1] ?? '';
      return [completions.filter((c) => c.startsWith(word)), word];
    },
    cancel: () => events.push('cancel'),
    interrupt: () => events.push('interrupt'),
  };
  const editor = new LineEditor(
    { write: (t) => screen.write(t), columns: () => cols, styled: (p) => `\x1b[1;32m${p}\x1b[0m` },
    actions,
  );
  return { screen, editor, submitted, events };
}

/** The rows `prompt + line` takes at `cols` columns. */
function wrapped(text: string, cols: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += cols) rows.push(text.slice(i, i + cols));
  if (text.length % cols === 0) rows.push('');
  return rows.map((r) => r.trimEnd());
}

/** The screen shows the prompt and the line, and the cursor sits where the editor's cursor is. */
function expectDrawn(h: Harness, prompt: string, cursor: number, startRow = 0): void {
  const line = h.editor.typed;
  const cols = h.screen.cols;
  expect(h.screen.text(startRow)).toEqual(wrapped(prompt + line, cols));
  const at = prompt.length + cursor;
  expect([h.screen.row - startRow, h.screen.col]).toEqual([Math.floor(at / cols), at % cols]);
}

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';

describe('the line editor', () => {
  it('edits anywhere in a line that wraps, and keeps the screen and the cursor right at any width', () => {
    const keys = fc.oneof(
      fc.constantFrom('a', 'b', 'x', ' ', '-', '=', '$'),
      fc.constantFrom(
        LEFT,
        RIGHT,
        '\x1b[H',
        '\x1b[F',
        '\x01',
        '\x05',
        '\x7f',
        '\x1b[3~',
        '\x17',
        '\x15',
        '\x0b',
      ),
      fc.string({
        unit: fc.constantFrom('n', 'o', 'm', 'a', 'd', ' '),
        minLength: 1,
        maxLength: 30,
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 40 }),
        fc.array(keys, { maxLength: 60 }),
        (cols, typed) => {
          const h = harness(cols);
          const prompt = '[00:01 op]$ '.slice(0, Math.min(12, cols - 2));
          h.editor.prompt(prompt);
          let cursor = 0;
          let line = '';
          for (const key of typed) {
            h.editor.input(key);
            // The reference: what readline does with each key.
            if (key === LEFT) cursor = Math.max(0, cursor - 1);
            else if (key === RIGHT) cursor = Math.min(line.length, cursor + 1);
            else if (key === '\x1b[H' || key === '\x01') cursor = 0;
            else if (key === '\x1b[F' || key === '\x05') cursor = line.length;
            else if (key === '\x7f') {
              if (cursor > 0) {
                line = line.slice(0, cursor - 1) + line.slice(cursor);
                cursor--;
              }
            } else if (key === '\x1b[3~') line = line.slice(0, cursor) + line.slice(cursor + 1);
            else if (key === '\x17') {
              const before = line.slice(0, cursor).replace(/\S+\s*$/, '');
              line = before + line.slice(cursor);
              cursor = before.length;
            } else if (key === '\x15') {
              line = line.slice(cursor);
              cursor = 0;
            } else if (key === '\x0b') line = line.slice(0, cursor);
            else {
              line = line.slice(0, cursor) + key + line.slice(cursor);
              cursor += key.length;
            }
            expect(h.editor.typed).toBe(line);
            expectDrawn(h, prompt, cursor);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands over the line on Enter and erases it, since the shell prints it after its prompt', () => {
    const h = harness(20);
    h.screen.write('earlier output\r\n');
    h.editor.prompt('$ ');
    h.editor.input('nomad acl bootstrap --long');
    expect(h.screen.text(1)).toEqual(['$ nomad acl bootstra', 'p --long']);
    h.editor.input('\r');
    expect(h.submitted).toEqual(['nomad acl bootstrap --long']);
    expect(h.screen.text()).toEqual(['earlier output', '']);
    expect([h.screen.row, h.screen.col]).toEqual([1, 0]);
    expect(h.editor.ready).toBe(false);
  });

  it('keeps what is typed while a command runs, and a pasted block line by line, for the next prompts', () => {
    const h = harness(40);
    h.editor.prompt('$ ');
    h.editor.input('cat > p.hcl <<EOF\rnamespace "*" {}\r\nEOF\rstatus');
    expect(h.submitted).toEqual(['cat > p.hcl <<EOF']);
    expect(h.screen.text()).toEqual(['']);
    h.editor.prompt('> ');
    expect(h.submitted).toEqual(['cat > p.hcl <<EOF', 'namespace "*" {}']);
    h.editor.prompt('> ');
    expect(h.submitted.at(-1)).toBe('EOF');
    h.editor.prompt('$ ');
    expect(h.editor.typed).toBe('status');
    expectDrawn(h, '$ ', 6);
    expect(h.submitted).toHaveLength(3);
  });

  it('Ctrl-C forgets the line being typed, or interrupts the command running', () => {
    const h = harness(40);
    h.editor.prompt('$ ');
    h.editor.input('sleep 1h');
    h.editor.input(`${LEFT}${LEFT}\x03`);
    expect(h.events).toEqual(['cancel']);
    expect(h.screen.text()).toEqual(['$ sleep 1h^C', '']);
    h.editor.prompt('$ ');
    h.editor.input('sleep 1h\r');
    h.editor.input('typed ahead\x03');
    expect(h.events).toEqual(['cancel', 'interrupt']);
    h.editor.prompt('$ ');
    expect(h.editor.typed).toBe('');
  });

  it('walks the history with ↑ and ↓ and gives back the line that was being typed', () => {
    const h = harness(40);
    for (const line of ['status', 'nomad acl bootstrap', 'nomad acl bootstrap', '']) {
      h.editor.prompt('$ ');
      h.editor.input(`${line}\r`);
    }
    h.editor.prompt('$ ');
    h.editor.input('half');
    h.editor.input(UP);
    expect(h.editor.typed).toBe('nomad acl bootstrap');
    h.editor.input(UP);
    expect(h.editor.typed).toBe('status');
    h.editor.input(UP);
    expect(h.editor.typed).toBe('status');
    h.editor.input(DOWN);
    h.editor.input(DOWN);
    expect(h.editor.typed).toBe('half');
    expectDrawn(h, '$ ', 4, h.screen.row);
  });

  it('completes with Tab: the one match, the common start of several, else lists them', async () => {
    const h = harness(30, ['rolling-restart', 'restart', 'rm', 'nomad']);
    h.editor.prompt('$ ');
    const settled = (): Promise<void> => new Promise((done) => setImmediate(done));
    h.editor.input('no\t');
    await settled();
    expect(h.editor.typed).toBe('nomad');
    h.editor.input('\x15r\t');
    await settled();
    expect(h.editor.typed).toBe('r');
    expect(h.screen.text()).toEqual(['$ r', 'rolling-restart', 'restart', 'rm', '$ r']);
    h.editor.input('e\tX');
    await settled();
    expect(h.editor.typed).toBe('restartX');
    expectDrawn(h, '$ ', 8, 4);
    const wide = harness(40, ['restart', 'rm', 'rolling-restart']);
    wide.editor.prompt('$ ');
    wide.editor.input('r\t');
    await settled();
    expect(wide.screen.text()).toEqual(['$ r', 'restart          rm', 'rolling-restart', '$ r']);
  });
});
