/** A failure the CLI reports as one line and an exit code, never a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    /** 2 for usage mistakes, 1 for everything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}
