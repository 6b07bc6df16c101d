import type { EmulatedUser } from './user-directory.js'

/**
 * A plausible `GET /v2/users/me` body for `user`, shaped like Zoom's.
 *
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 * @example
 * ```ts
 * userProfile({ id: 'alice', accountId: 'acct-1', email: 'alice@example.com' }).account_id // 'acct-1'
 * ```
 */
export function userProfile(user: EmulatedUser) {
  return {
    id: user.id,
    first_name: 'Emulated',
    last_name: 'User',
    display_name: 'Emulated User',
    email: user.email,
    type: 2,
    role_name: 'Owner',
    pmi: 1234567890,
    use_pmi: false,
    personal_meeting_url: 'https://zoom.us/j/1234567890',
    timezone: 'UTC',
    verified: 1,
    dept: '',
    created_at: '2024-01-01T00:00:00Z',
    last_login_time: '2024-01-01T00:00:00Z',
    pic_url: '',
    language: 'en-US',
    phone_number: '',
    status: 'active',
    role_id: '0',
    account_id: user.accountId,
    account_number: 1,
    cluster: 'us05',
    user_created_at: '2024-01-01T00:00:00Z',
  }
}
