/**
 * Reading `nomad` CLI output in scenario scripts and tests: one column of a columnize table
 * (`acl token list`, `acl policy list`), and list comparisons for `s.expect(...)`.
 */

function cellStarts(header: string): number[] {
  const starts: number[] = [];
  const cell = /\S+(?: \S+)*/g;
  for (let match = cell.exec(header); match !== null; match = cell.exec(header))
    starts.push(match.index);
  return starts;
}

/**
 * The values of `column` in a table printed by the CLI (cells are separated by at least two
 * spaces; a header cell may contain single spaces, as `Accessor ID`). No table (e.g. `No tokens
 * found`) gives [].
 */
export function tableColumn(output: string, column: string): string[] {
  const lines = output.split('\n');
  const headerIndex = lines.findIndex((line) =>
    cellStarts(line).some(
      (start) =>
        line.slice(start).startsWith(column) &&
        /^(\s{2,}|$)/.test(line.slice(start + column.length)),
    ),
  );
  if (headerIndex < 0) return [];
  const header = lines[headerIndex] as string;
  const starts = cellStarts(header);
  const start = starts.find((s) => header.slice(s).startsWith(column)) as number;
  const end = starts.find((s) => s > start);
  const values: string[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    if (line.trim() === '') break;
    values.push(line.slice(start, end).trim());
  }
  return values;
}

/** Same items in the same order. */
export function sameList(actual: readonly string[], expected: readonly string[]): boolean {
  return actual.length === expected.length && actual.every((item, i) => item === expected[i]);
}

/** Same items, in any order (counting repeats). */
export function sameSet(actual: readonly string[], expected: readonly string[]): boolean {
  return sameList([...actual].sort(), [...expected].sort());
}
