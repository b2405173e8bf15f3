/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface BenchRow {
  name: string;
  figure: string;
  target: string;
  met: boolean;
  note?: string;
}

/** Prints the table every benchmark ends with: figure, target, and whether it is met. `figure` names what the figures are. */
export function printTable(title: string, rows: BenchRow[], figure = 'figure (median)'): void {
  const header = ['benchmark', figure, 'target', 'met', 'note'];
  const lines = rows.map((r) => [r.name, r.figure, r.target, r.met ? 'yes' : 'NO', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`\n${title}\n`);
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(fmt(l));
  console.log('');
}
