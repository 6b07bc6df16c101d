import axios from 'axios'
import * as vitest from 'vitest'
import { axiosDriver, describeAdapterContract } from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'

// The specs every zoom-auth adapter keeps, with this adapter on a real axios.
describeAdapterContract(vitest, axiosDriver({ axios, zoomAuth }))
