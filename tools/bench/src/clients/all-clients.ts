import { axiosAuthRefresh } from './axios-auth-refresh.js'
import { badgatewayOAuth2Fetch } from './badgateway.js'
import { zoomRivetS2S } from './rivet.js'
import { simpleOAuth2 } from './simple-oauth2.js'
import type { ClientSpec } from './types.js'
import {
  zoomAuthAxios,
  zoomAuthFetch,
  zoomAuthGot,
  zoomAuthKy,
  zoomAuthUndici,
} from './zoom-auth.js'

/** Every client in the comparison, ours first, then Zoom's own SDK, in the order of the tables. */
export const ALL_CLIENTS: readonly ClientSpec[] = [
  zoomAuthAxios,
  zoomAuthKy,
  zoomAuthGot,
  zoomAuthFetch,
  zoomAuthUndici,
  zoomRivetS2S,
  badgatewayOAuth2Fetch,
  axiosAuthRefresh,
  simpleOAuth2,
]
