import ky1, { HTTPError as HTTPError1, TimeoutError as TimeoutError1 } from 'ky'
import ky2, { HTTPError as HTTPError2, TimeoutError as TimeoutError2 } from 'ky2'

/** One ky major under test: its default instance and error classes, typed as ky 1's. */
export interface KyMajor {
  readonly ky: typeof ky1
  readonly HTTPError: typeof HTTPError1
  readonly TimeoutError: typeof TimeoutError1
  /** ky 2 renamed `prefixUrl` to `prefix`. */
  readonly prefixOption: 'prefixUrl' | 'prefix'
  /** ky 2 runs `init` hooks (with the call's options); ky 1 has none. */
  readonly runsInitHooks: boolean
}

/** ky 1 and ky 2 (the `ky2` alias), for `describe.each`: the adapter serves both. */
export const KY_MAJORS: ReadonlyArray<[name: string, major: KyMajor]> = [
  [
    'ky 1',
    {
      ky: ky1,
      HTTPError: HTTPError1,
      TimeoutError: TimeoutError1,
      prefixOption: 'prefixUrl',
      runsInitHooks: false,
    },
  ],
  [
    'ky 2',
    {
      // ky 2's types describe ky 2; the tests use only what both majors share.
      ky: ky2 as unknown as typeof ky1,
      HTTPError: HTTPError2 as unknown as typeof HTTPError1,
      TimeoutError: TimeoutError2 as unknown as typeof TimeoutError1,
      prefixOption: 'prefix',
      runsInitHooks: true,
    },
  ],
]
