/** Where a command writes; the bin passes the process streams, tests pass buffers. */
export interface CliIo {
  env: Record<string, string | undefined>
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** True when stderr is a terminal (progress redraws in place). */
  interactive: boolean
}
