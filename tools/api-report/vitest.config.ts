import { packageConfig } from '../../vitest.shared.ts'

// One API Extractor run per entry point takes 1–2 s alone, several times that on a busy machine.
export default packageConfig({ testTimeout: 120_000 })
