import root from '../../eslint.config.js'

// Node's globals for the plain .mjs/.cjs scripts here (the runner and the smoke tests run untranspiled).
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'setTimeout',
    'clearTimeout',
    'fetch',
    'AbortSignal',
    'require',
    'module',
    '__dirname',
  ].map((name) => [name, 'readonly']),
)

export default [
  ...root,
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: nodeGlobals } },
  // The root config's `tools/**` exception doesn't reach here: patterns are relative to this file.
  { rules: { 'no-console': 'off' } },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
]
