import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { UserGrant } from '@zoom-auth/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileUserTokenStore } from '../user-store/file-user-token-store.js'
import { grantFileName } from '../user-store/grant-file-name.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zoom-auth-files-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const grant = (refreshToken = `refresh-${Math.random()}`): UserGrant => ({
  accessToken: `access-${Math.random()}`,
  refreshToken,
  issuedAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
  scopes: ['user:read'],
  clientId: 'client',
})

describe('fileUserTokenStore: files', () => {
  it('names a file after its key, readable, and never outside the directory', async () => {
    const store = fileUserTokenStore(dir)
    expect(store.fileOf('me')).toBe(join(dir, 'me.json'))
    expect(store.fileOf('user_1-a')).toBe(join(dir, 'user_1-a.json'))
    for (const key of ['../escape', '/etc/passwd', '..', 'a/b', 'C:\\x', '.hidden']) {
      await store.put(key, grant())
      expect(store.fileOf(key).startsWith(`${dir}/`)).toBe(true)
      expect(store.fileOf(key).slice(dir.length + 1)).not.toMatch(/[/\\]/)
    }
    expect((await readdir(dir)).every((name) => name.endsWith('.json'))).toBe(true)
    expect(await readdir(join(dir, '..'))).not.toContain('escape.json')
  })

  it('keeps keys apart that a case-insensitive file system would not', () => {
    const names = ['user', 'USER', 'User', 'KdYKjnimT4KPd8FFgQt9FQ', 'kdykjnimt4kpd8ffgqt9fq'].map(
      grantFileName,
    )
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length)
    expect(grantFileName('user')).toBe('user')
    expect(grantFileName('acme:42')).toBe('acme%3A42')
    expect(grantFileName('x'.repeat(300)).length).toBeLessThan(130)
    expect(grantFileName('x'.repeat(300))).not.toBe(grantFileName(`${'x'.repeat(299)}y`))
  })

  it('writes files only the owner can read, in a directory only the owner can enter', async () => {
    const store = fileUserTokenStore(join(dir, 'nested', 'users'))
    await store.put('me', grant('r1'))
    expect(await store.replace('me', 'r1', grant('r2'))).toBe(true)
    const lock = await store.tryLock('me', 5_000)
    expect((await stat(store.fileOf('me'))).mode & 0o777).toBe(0o600)
    expect((await stat(store.fileOf('me').replace(/json$/, 'lock'))).mode & 0o777).toBe(0o600)
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700)
    await lock?.release()
    // Nothing is left behind but the grant: no temporary file, no mutex, no released lease.
    expect(await readdir(store.dir)).toEqual(['me.json'])
  })

  it('refuses to read a file that is not a grant, naming it', async () => {
    const store = fileUserTokenStore(dir)
    for (const text of ['not json', '[]', '{"accessToken":"a"}', 'null']) {
      await writeFile(store.fileOf('me'), text)
      await expect(store.get('me')).rejects.toThrow(
        `${store.fileOf('me')} is not a zoom-auth login: remove it and run zoom-auth login again`,
      )
    }
    await expect(store.put('me', { refreshToken: 'r' } as unknown as UserGrant)).rejects.toThrow(
      TypeError,
    )
  })

  it('takes over a mutex file left by a process that died holding it', async () => {
    const store = fileUserTokenStore(dir)
    await store.put('me', grant('r1'))
    const mutex = store.fileOf('me').replace(/json$/, 'mutex')
    await writeFile(mutex, '999999\n')
    const longAgo = new Date(Date.now() - 60_000)
    await utimes(mutex, longAgo, longAgo)
    expect(await store.replace('me', 'r1', grant('r2'))).toBe(true)
    expect((await store.get('me'))?.refreshToken).toBe('r2')
  })

  it('throws TypeError for a missing directory or key', () => {
    expect(() => fileUserTokenStore('')).toThrow(TypeError)
    expect(() => fileUserTokenStore(dir).fileOf('')).toThrow(TypeError)
  })
})

describe('fileUserTokenStore: processes', () => {
  it('lets exactly one of 20 replaces from two real processes win', async () => {
    const store = fileUserTokenStore(dir)
    await store.put('me', grant('r1'))
    const script = fileURLToPath(new URL('support/replace-race-child.ts', import.meta.url))
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', script, dir, 'me', 'r1', '10'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    )
    const outputs = children.map((child) => {
      let text = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      return { child, text: () => text }
    })
    // Both processes are ready before either starts: their replaces overlap.
    await Promise.all(
      outputs.map(({ child, text }) =>
        text().includes('ready') ? undefined : once(child.stdout, 'data'),
      ),
    )
    for (const child of children) child.stdin.write('go\n')
    await Promise.all(children.map((child) => once(child, 'close')))
    const wins = outputs.map(({ text }) => Number(text().trim().split('\n').at(-1)))
    expect(wins[0]! + wins[1]!).toBe(1)
    const stored = JSON.parse(await readFile(store.fileOf('me'), 'utf8')) as UserGrant
    expect(stored.refreshToken).toMatch(/^refresh-\d+-/)
  })
})
