import type { CliIo } from '../io.js'

/** Shows how far the run is: redrawn in place on a terminal, a line per quarter otherwise. */
export function progressReporter(io: CliIo, label: string): (done: number, total: number) => void {
  let lastQuarter = -1
  return (done, total) => {
    if (io.interactive) {
      if (done % 25 === 0 || done === total)
        io.stderr(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`)
      return
    }
    const quarter = Math.floor((done / total) * 4)
    if (quarter !== lastQuarter) {
      lastQuarter = quarter
      io.stderr(`${label} ${done}/${total}\n`)
    }
  }
}
