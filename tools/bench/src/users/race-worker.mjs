/* global process, Buffer, fetch, URLSearchParams */
// One process of the user-level rotation race: one library's client for every user of a
// user-level app, from the built packages and the installed peers, on plain node as a service
// runs them. Driven by its parent over IPC. It never prints or sends a token: it counts.
const config = JSON.parse(process.env.BENCH_RACE_CONFIG ?? '{}')
const send = (message) => process.send?.(message)

const { createRaceClient } = await import(`./race-${config.kind}.mjs`)
const client = await createRaceClient(config)
const basic = `Basic ${Buffer.from(`${config.credentials.clientId}:${config.credentials.clientSecret}`).toString('base64')}`

/** One API call as `user`: a 200 from GET /v2/users/me answered as that user, or a failure. */
async function callAs(user) {
  try {
    const { status, userId } = await client.call(user, `${config.apiUrl}/v2/users/me`)
    return status === 200 && userId === user
  } catch {
    return false
  }
}

/**
 * Whether the refresh token the client holds for `user` still works at Zoom: a user whose held
 * token is dead (or who has none) has been logged out and must install the app again. Sent
 * straight to the emulator, after the race's figures were taken.
 */
async function stillLoggedIn(user) {
  const refreshToken = await client.heldRefreshToken(user)
  if (refreshToken === undefined) return false
  const response = await fetch(`${config.apiUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  })
  await response.arrayBuffer()
  return response.status === 200
}

async function handle(command) {
  switch (command.type) {
    case 'install':
      // In the order the parent queued the emulator's approvals (approveAs), one at a time.
      for (const user of config.users) await client.install(user)
      return { type: 'installed' }
    case 'burst': {
      // `calls` requests at once, spread over the users: users[i % n] makes call i.
      const results = await Promise.all(
        Array.from({ length: command.calls }, (_, i) =>
          callAs(config.users[i % config.users.length]),
        ),
      )
      return { type: 'burst-done', failed: results.filter((ok) => !ok).length }
    }
    case 'probe': {
      const alive = await Promise.all(config.users.map(stillLoggedIn))
      return { type: 'probed', loggedOut: alive.filter((ok) => !ok).length }
    }
    case 'exit':
      await client.close()
      return { type: 'bye' }
    default:
      return { type: 'error', message: `unknown command ${command.type}` }
  }
}

process.on('message', (command) => {
  handle(command).then(
    (reply) => {
      send(reply)
      if (reply.type === 'bye') process.disconnect()
    },
    (error) => send({ type: 'error', message: String(error?.message ?? error) }),
  )
})
send({ type: 'ready' })
