/** A markdown table with padded columns: readable in a terminal and pasteable into a README. */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly (string | number)[]>,
): string {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => row[column]?.length ?? 0), 3),
  )
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  return [
    line(cells[0]!),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n')
}
