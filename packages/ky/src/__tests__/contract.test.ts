import * as vitest from 'vitest'
import { describeAdapterContract, kyDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'
import { KY_MAJORS } from './support/ky-majors.js'

// The specs every zoom-auth adapter keeps, with this adapter on ky 1 and on ky 2.
for (const [name, { ky }] of KY_MAJORS)
  describeAdapterContract(vitest, kyDriver({ ky, zoomAuth, name }))
