/**
 * The parts of a test framework a contract suite registers its specs with: vitest's (pass
 * `import * as vitest from 'vitest'`), or jest's globals. Passed in rather than imported so the
 * specs run inside the caller's own copy of the framework (a second copy, as a package manager may
 * install next to this package, would collect no specs), and so this package needs no test
 * framework at runtime.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * const api: ContractTestApi = vitest
 * ```
 */
export interface ContractTestApi {
  describe(name: string, body: () => void): void
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void
  beforeEach(body: () => Promise<void>, timeoutMs?: number): void
  afterEach(body: () => Promise<void>, timeoutMs?: number): void
  expect(actual: unknown): ContractAssertion
}

/**
 * The matchers the contract suites use; vitest's and jest's `expect` have all of them.
 *
 * @example
 * ```ts
 * const check = (expect: ContractTestApi['expect']) => expect(1).toBe(1)
 * ```
 */
export interface ContractAssertion {
  toBe(expected: unknown): void
  toEqual(expected: unknown): void
  toMatchObject(expected: object): void
  toBeUndefined(): void
  toBeDefined(): void
  toHaveProperty(path: string): void
  toHaveLength(length: number): void
  toBeGreaterThanOrEqual(expected: number): void
  toBeLessThan(expected: number): void
  not: ContractAssertion
  resolves: { toBe(expected: unknown): Promise<void>; toBeUndefined(): Promise<void> }
}
