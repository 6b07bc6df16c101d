import * as vitest from 'vitest'
import { describeAdapterContract, fetchDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'

// The specs every zoom-auth adapter keeps, with this adapter over the global fetch.
describeAdapterContract(vitest, fetchDriver({ zoomAuth }))
