#!/usr/bin/env node
import { parseBinArgs, BIN_USAGE } from './bin-args.js'
import { startZoomEmulator } from './emulator.js'

const command = parseBinArgs(process.argv.slice(2))

if (command.kind === 'help') {
  process.stdout.write(BIN_USAGE)
} else if (command.kind === 'error') {
  process.stderr.write(`zoom-emulator: ${command.message} (see --help)\n`)
  process.exitCode = 2
} else {
  try {
    const emulator = await startZoomEmulator(command.options)
    const { accountId, clientId, clientSecret } = emulator.credentials
    // Emulator credentials, not real ones: printing them is the point.
    process.stdout.write(
      [
        `ZOOM_OAUTH_BASE_URL=${emulator.url}`,
        `ZOOM_API_BASE_URL=${emulator.url}`,
        `ZOOM_ACCOUNT_ID=${accountId}`,
        `ZOOM_CLIENT_ID=${clientId}`,
        `ZOOM_CLIENT_SECRET=${clientSecret}`,
        '',
      ].join('\n'),
    )
    process.stderr.write(`zoom-emulator listening on ${emulator.url} (Ctrl+C to stop)\n`)
    const stop = () => {
      void emulator.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    process.stderr.write(
      `zoom-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exitCode = 1
  }
}
