import got from 'got'
import * as vitest from 'vitest'
import { describeAdapterContract, gotDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'

// The specs every zoom-auth adapter keeps, with this adapter on a real got.
describeAdapterContract(vitest, gotDriver({ got, zoomAuth }))
