import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { untilReady } from './redis-server.js'

const run = promisify(execFile)

/** A throwaway Redis Cluster of masters only, on loopback, owned by one test file. */
export class ScratchRedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly processes: ChildProcess[],
    private readonly directory: string,
  ) {}

  /** Starts `size` cluster-enabled redis-servers, joins them and resolves once every slot is served. */
  static async start(size = 3): Promise<ScratchRedisCluster> {
    const directory = await mkdtemp(join(tmpdir(), 'zoom-auth-cluster-'))
    const ports: number[] = []
    while (ports.length < size) {
      const port = await freeClusterPort()
      if (!ports.includes(port)) ports.push(port)
    }
    const processes = await Promise.all(ports.map((port) => startNode(port, directory)))
    const cluster = new ScratchRedisCluster(ports, processes, directory)
    try {
      const addresses = ports.map((port) => `127.0.0.1:${port}`)
      await run('redis-cli', [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ])
      await cluster.#untilServing()
      return cluster
    } catch (error) {
      await cluster.stop()
      throw error
    }
  }

  get rootNodes(): Array<{ host: string; port: number }> {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }))
  }

  async stop(): Promise<void> {
    for (const child of this.processes) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
    await rm(this.directory, { recursive: true, force: true })
  }

  /** `redis-cli --cluster create` returns before every node agrees; wait until each says ok. */
  async #untilServing(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const states = await Promise.all(
        this.ports.map(async (port) => {
          const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info'])
          return stdout.includes('cluster_state:ok')
        }),
      )
      if (states.every(Boolean)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the scratch Redis Cluster never reached cluster_state:ok')
  }
}

async function startNode(port: number, directory: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(directory, `nodes-${port}.conf`),
      '--cluster-node-timeout',
      '2000',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  await untilReady(child)
  return child
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = await listenOnce(0)
    if (port + 10_000 <= 65_535 && (await listenOnce(port + 10_000).catch(() => undefined)))
      return port
  }
}

async function listenOnce(port: number): Promise<number> {
  const server = createServer()
  server.listen(port, '127.0.0.1')
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ])
  const address = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return address.port
}
