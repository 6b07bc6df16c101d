/** What the emulator's `/v2/echo` answers. */
export interface Echo {
  method: string
  path: string
  query: Record<string, string>
  contentType: string | null
  body: string
}
