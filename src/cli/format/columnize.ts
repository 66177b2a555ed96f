/**
 * Nomad's table and key/value output: the `columnize` layout with Nomad's two configurations.
 *
 * Input lines are `|`-separated cells. Each cell is trimmed of surrounding white space (Go's
 * `strings.TrimSpace`), an empty cell becomes the configured placeholder, every column but the
 * last is padded to the widest cell of that column across all lines, cells are joined with the
 * glue, and the last cell of each line is never padded, so lines carry no trailing blanks. The
 * result has no final newline (the caller's `Ui.Output` adds it).
 *
 * - `formatKV`: glue ` = `, empty cells `<none>` (Nomad's `formatKV`);
 * - `formatList`: glue two spaces, empty cells `<none>` (Nomad's `formatList`);
 * - `simpleFormat`: glue two spaces, empty cells stay empty (`columnize.SimpleFormat`, used by
 *   `server members` and `operator raft list-peers`).
 */
import { displayWidth, runeCount } from './text-width.js';

export interface ColumnizeOptions {
  /** Text placed between cells. */
  readonly glue: string;
  /** Replacement for an empty cell ('' keeps it empty). */
  readonly empty: string;
}

const GO_SPACE_EDGES =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's `strings.TrimSpace` (Unicode white space; unlike JS `trim`, keeps U+FEFF, drops U+0085). */
export function goTrimSpace(text: string): string {
  return text.replace(GO_SPACE_EDGES, '');
}

function cellsOf(line: string, options: ColumnizeOptions): string[] {
  return line.split('|').map((raw) => {
    const value = goTrimSpace(raw);
    return value === '' && options.empty !== '' ? options.empty : value;
  });
}

/** Lays `lines` out in columns. */
export function columnize(lines: readonly string[], options: ColumnizeOptions): string {
  const rows = lines.map((line) => cellsOf(line, options));
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  const out = rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1
          ? cell
          : cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - runeCount(cell))),
      )
      .join(options.glue),
  );
  return out.join('\n');
}

/** Key/value block: `Key = value` with keys padded to the longest key. */
export function formatKV(lines: readonly string[]): string {
  return columnize(lines, { glue: ' = ', empty: '<none>' });
}

/** Table with two-space glue and `<none>` for empty cells. */
export function formatList(lines: readonly string[]): string {
  return columnize(lines, { glue: '  ', empty: '<none>' });
}

/** Table with two-space glue that leaves empty cells empty. */
export function simpleFormat(lines: readonly string[]): string {
  return columnize(lines, { glue: '  ', empty: '' });
}
