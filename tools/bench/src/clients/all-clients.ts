import { axiosAuthRefresh } from './axios-auth-refresh.js'
import { badgatewayOAuth2Fetch } from './badgateway.js'
import { simpleOAuth2 } from './simple-oauth2.js'
import type { ClientSpec } from './types.js'
import {
  zoomAuthAxios,
  zoomAuthFetch,
  zoomAuthGot,
  zoomAuthKy,
  zoomAuthUndici,
} from './zoom-auth.js'

/** Every client in the comparison, ours first, in the order of the tables. */
export const ALL_CLIENTS: readonly ClientSpec[] = [
  zoomAuthAxios,
  zoomAuthKy,
  zoomAuthGot,
  zoomAuthFetch,
  zoomAuthUndici,
  badgatewayOAuth2Fetch,
  axiosAuthRefresh,
  simpleOAuth2,
]
