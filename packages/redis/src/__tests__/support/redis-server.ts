import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

/** A throwaway redis-server this test owns: started on a port, killed, started again on it. */
export class ScratchRedisServer {
  #process: ChildProcess | undefined
  private constructor(readonly port: number) {}

  static async start(): Promise<ScratchRedisServer> {
    const server = new ScratchRedisServer(await freePort())
    await server.restart()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts redis-server (no persistence) and resolves once it accepts connections. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    this.#process = child
    await untilReady(child)
  }

  /** SIGKILL: Redis vanishes the way a crashed server or a network partition looks to clients. */
  async kill(): Promise<void> {
    const child = this.#process
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await once(child, 'exit')
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Resolves once a spawned redis-server accepts connections; rejects if it exits first. */
export async function untilReady(child: ChildProcess): Promise<void> {
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready: ${output.slice(-500)}`)),
    )
    child.once('error', reject)
  })
}
