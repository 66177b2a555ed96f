/**
 * Display width and rune counts of table cells, the two measures Nomad's table output mixes.
 *
 * Nomad's tables come from `columnize`, which measures each cell's *display* width (go-runewidth:
 * East Asian wide characters take two columns, combining marks and controls none) to find each
 * column's width, and then pads with Go's `%-Ns`, which counts *runes*. For ASCII both agree; for
 * wide characters the columns drift exactly as they do in Nomad. The wide and zero-width ranges
 * below are the common ones, not the full Unicode tables.
 */

const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const ZERO_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0xfe00, 0xfe0f],
];

function inRanges(code: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([low, high]) => code >= low && code <= high);
}

/** Columns a rune occupies in a terminal: 0, 1 or 2. */
export function runeWidth(code: number): number {
  if (inRanges(code, ZERO_RANGES)) return 0;
  return inRanges(code, WIDE_RANGES) ? 2 : 1;
}

/** Display width of a string (go-runewidth's `StringWidth`). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += runeWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** Number of runes (code points), as Go's `utf8.RuneCountInString` and `%-Ns` padding count. */
export function runeCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
