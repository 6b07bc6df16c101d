/** What the local Zoom's `/v2/echo` answers. */
export interface Echo {
  method: string
  path: string
  query: string
  contentType: string | undefined
  body: string
}
