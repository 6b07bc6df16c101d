/** A table cell: text or a number, shown as is. */
export type Cell = string | number

/**
 * A markdown table.
 *
 * @example
 * ```ts
 * table(['client', 'failed'], [['simple-oauth2', 0]])
 * ```
 */
export function table(header: Cell[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(String).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * The "target met" cell: yes or **NO** for ours, a dash for peers (they have no target).
 *
 * @example
 * ```ts
 * mark(true, row.failed === 0)
 * ```
 */
export const mark = (ours: boolean, ok: boolean): string => (ours ? (ok ? 'yes' : '**NO**') : '–')

/**
 * A number with thousands separators.
 *
 * @example
 * ```ts
 * n(1000) // '1,000'
 * ```
 */
export const n = (value: number): string => value.toLocaleString('en-US')
