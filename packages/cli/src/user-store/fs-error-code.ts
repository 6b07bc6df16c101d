/**
 * The `code` of a Node.js system error (`ENOENT`, `EEXIST`…), if it has one.
 *
 * @example
 * ```ts
 * if (codeOf(error) === 'EADDRINUSE') throw new CliError(`port ${port} is in use`)
 * ```
 */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Rethrows anything but "no such file": a file already gone is what the caller wanted.
 *
 * @example
 * ```ts
 * await unlink(path).catch(ignoreMissing)
 * ```
 */
export function ignoreMissing(error: unknown): void {
  if (codeOf(error) !== 'ENOENT') throw error
}
