import * as undici from 'undici'
import * as vitest from 'vitest'
import { describeAdapterContract, undiciDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'

// The specs every zoom-auth adapter keeps, through undici.request on a composed Agent, with undici's
// redirect interceptor on either side of ours: below it (undici follows the hops and strips the
// header itself), and above it (every hop comes through zoomAuth with the same handler).
describeAdapterContract(vitest, undiciDriver({ undici, zoomAuth }))
describeAdapterContract(vitest, undiciDriver({ undici, zoomAuth, redirect: 'outside' }))
