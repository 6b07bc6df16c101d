// TypeScript consumers: `node types.mjs <esm|cjs> <name...>` compiles types/<name>.mts (or .cts)
// against the installed tarballs and clients the way a Node project would (`module: nodenext`,
// strict, `lib: es2023` + @types/node, no DOM), with skipLibCheck off so our .d.ts/.d.cts files are
// checked too, against the client version installed.
import { resolve } from 'node:path'
import checks from './checks.cjs'

const { main } = checks
const [kind, ...names] = process.argv.slice(2)
const extension = kind === 'cjs' ? 'cts' : 'mts'

await main(
  `types (${kind})`,
  // No emulator: nothing runs, but main() wants something to close.
  async () => ({ close: async () => {} }),
  async () => {
    const { default: ts } = await import('typescript')
    const roots = names.map((name) => `types/${name}.${extension}`)
    const program = ts.createProgram(roots, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    })
    const diagnostics = ts.getPreEmitDiagnostics(program)
    const format = (diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
      if (!diagnostic.file) return text
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      const file = diagnostic.file.fileName.replace(`${process.cwd()}/`, '')
      return `${file}:${line + 1} TS${diagnostic.code} ${text}`
    }
    const failIfAny = (found) => () => {
      if (found.length > 0) {
        throw new Error(`${found.length} error(s): ${found.slice(0, 3).map(format).join(' | ')}`)
      }
    }
    const inRoot = (root) =>
      diagnostics.filter(
        (diagnostic) => diagnostic.file && resolve(diagnostic.file.fileName) === resolve(root),
      )
    // Ours must compile in a plain Node project (no DOM lib). The clients' own declaration files
    // are not ours to judge: ky, for one, needs the DOM lib.
    const inOurDeclarations = diagnostics.filter((diagnostic) =>
      diagnostic.file?.fileName.includes('/node_modules/@zoom-auth/'),
    )
    const unplaced = diagnostics.filter((diagnostic) => !diagnostic.file)
    return [
      ...roots.map((root) => [
        `${root} compiles (TypeScript ${ts.version})`,
        failIfAny(inRoot(root)),
      ]),
      [
        'our .d.ts files compile without the DOM lib, skipLibCheck off',
        failIfAny(inOurDeclarations),
      ],
      ['the compiler options are valid', failIfAny(unplaced)],
    ]
  },
)
