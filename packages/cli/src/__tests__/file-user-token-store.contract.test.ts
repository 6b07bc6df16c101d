import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeUserTokenStoreContract } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'
import { fileUserTokenStore, type FileUserTokenStore } from '../user-store/file-user-token-store.js'

// Each spec gets a directory of its own; the peer opens the same one, as another zoom-auth run does.
describeUserTokenStoreContract<FileUserTokenStore>(vitest, {
  name: 'fileUserTokenStore',
  createStore: async () => fileUserTokenStore(await mkdtemp(join(tmpdir(), 'zoom-auth-store-'))),
  createPeer: (store) => fileUserTokenStore(store.dir),
  cleanup: (store) => rm(store.dir, { recursive: true, force: true }),
})
