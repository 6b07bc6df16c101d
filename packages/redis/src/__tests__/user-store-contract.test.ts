import { randomBytes } from 'node:crypto'
import type { UserTokenStore } from '@zoom-auth/core'
import { describeUserTokenStoreContract } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'
import { redisUserTokenStore } from '../index.js'
import { CLIENT_KINDS, connectClient, scratchSpace } from './support/redis.js'

// The UserTokenStore contract every user store meets, with each client: one scratch prefix per
// spec, and a second client on it as the other process (same encryption key, as a fleet has).
for (const kind of CLIENT_KINDS) {
  const cleanups = new Map<UserTokenStore, () => Promise<void>>()
  const spaces = new Map<UserTokenStore, { prefix: string; encryptionKey: Buffer }>()
  const open = async (prefix: string, encryptionKey: Buffer, onClose: () => Promise<void>) => {
    const connection = await connectClient(kind)
    const store = redisUserTokenStore(connection.client, { prefix, encryptionKey })
    spaces.set(store, { prefix, encryptionKey })
    cleanups.set(store, async () => {
      await connection.close()
      await onClose()
    })
    return store
  }

  describeUserTokenStoreContract(vitest, {
    name: `redisUserTokenStore with ${kind}`,
    createStore: async () => {
      const space = await scratchSpace()
      return open(space.prefix, randomBytes(32), () => space.cleanup())
    },
    createPeer: (store) => {
      const { prefix, encryptionKey } = spaces.get(store)!
      return open(prefix, encryptionKey, async () => {})
    },
    cleanup: async (store) => {
      await cleanups.get(store)?.()
      cleanups.delete(store)
      spaces.delete(store)
    },
  })
}
