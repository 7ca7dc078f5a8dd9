/** Plain-text tables for the terminal (and for pasting into the README). */

export type Cell = string | number | undefined;

export interface Column {
  title: string;
  /** Numbers and figures align right; text left. Default: right when the first value is a number. */
  align?: 'left' | 'right';
}

export function renderTable(columns: Array<string | Column>, rows: Cell[][]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { title: c } : c));
  const text = rows.map((row) => row.map((cell) => (cell === undefined ? '' : String(cell))));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...text.map((row) => (row[i] ?? '').length)));
  const align = cols.map((c, i) => c.align ?? (typeof rows[0]?.[i] === 'number' || /^[\d.,x%-]/.test(text[0]?.[i] ?? '') ? 'right' : 'left'));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

export function int(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US');
}

export function fixed(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

/** With its sign, + included: a difference. */
export function signed(n: number | undefined, digits = 1): string {
  const text = fixed(n, digits);
  return n !== undefined && n >= 0 ? `+${text}` : text;
}

export function percent(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '-' : `${Math.round(ratio * 100)}%`;
}

export function times(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '-' : `${ratio.toFixed(1)}x`;
}

export function mib(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '-';
  return Math.abs(bytes) < 1048576 ? `${Math.round(bytes / 1024)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}
