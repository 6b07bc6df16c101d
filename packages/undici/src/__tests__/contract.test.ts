import * as undici from 'undici'
import * as undici6 from 'undici6'
import * as vitest from 'vitest'
import { describeAdapterContract, undiciDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'

// The specs every zoom-auth adapter keeps, through undici.request on a composed Agent, with undici's
// redirect interceptor on either side of ours: below it (undici follows the hops and strips the
// header itself), and above it (every hop comes through zoomAuth with the same handler). undici 7
// hands interceptors handlers of the new API (onResponseStart…); undici 6 those of the old (onHeaders…).
describeAdapterContract(vitest, undiciDriver({ undici, zoomAuth, name: 'undici 7' }))
describeAdapterContract(
  vitest,
  undiciDriver({ undici, zoomAuth, redirect: 'outside', name: 'undici 7 (redirect outside)' }),
)
describeAdapterContract(vitest, undiciDriver({ undici: undici6, zoomAuth, name: 'undici 6' }))
describeAdapterContract(
  vitest,
  undiciDriver({
    undici: undici6,
    zoomAuth,
    redirect: 'outside',
    name: 'undici 6 (redirect outside)',
  }),
)
