import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
} from '@microsoft/api-extractor'
import { REPO_ROOT, type EntryPoint } from './entry-points.ts'

/**
 * Runs Microsoft API Extractor on one entry point's built `.d.ts` and returns the API report it
 * writes (`*.api.md`: every exported declaration, its signature and its release tag), without
 * touching the checked-in report. Throws if the entry point is not built or the declarations do
 * not compile.
 *
 * @example
 * ```ts
 * const [core] = publishedEntryPoints()
 * const report = extractApiReport(core)   // '## API Report File for "@zoom-auth/core"…'
 * ```
 */
export function extractApiReport(entry: EntryPoint): string {
  if (!existsSync(entry.typesFile)) {
    throw new Error(
      `${relative(REPO_ROOT, entry.typesFile)} (${entry.packageName} "${entry.subpath}") is not built: ` +
        'run `pnpm build` (and check that tsup builds this entry)',
    )
  }
  // API Extractor compares against a report folder of its own; ours is compared and written by
  // the caller, so both of its folders are scratch space.
  const scratch = mkdtempSync(join(tmpdir(), 'zoom-auth-api-report-'))
  try {
    mkdirSync(join(scratch, 'report'))
    const config = ExtractorConfig.prepare({
      configObject: configFor(entry, scratch),
      configObjectFullPath: undefined,
      packageJsonFullPath: join(entry.packageDir, 'package.json'),
    })
    const errors: string[] = []
    const result = invokeExtractor(entry, config, {
      localBuild: true,
      messageCallback: (message: ExtractorMessage) => {
        // Quiet: whatever matters is in the report itself; errors are thrown below.
        message.handled = true
        if (message.logLevel === ExtractorLogLevel.Error)
          errors.push(message.formatMessageWithLocation(REPO_ROOT))
      },
    })
    if (!result.succeeded || errors.length > 0) {
      throw new Error(
        `API Extractor failed on ${relative(REPO_ROOT, entry.typesFile)}:\n${errors.join('\n')}`,
      )
    }
    return readFileSync(join(scratch, 'temp', `${entry.reportName}.api.md`), 'utf8')
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The api-extractor.json every entry point shares, as an object (no config files to keep). */
function configFor(entry: EntryPoint, scratch: string) {
  return {
    projectFolder: entry.packageDir,
    mainEntryPointFilePath: entry.typesFile,
    // Only the built declarations and what they import (other workspace packages through their
    // own built `exports`, the clients' types from node_modules); not the package's src tsconfig.
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2023', 'dom', 'dom.iterable'],
          types: ['node'],
          strict: true,
          skipLibCheck: true,
        },
        files: [entry.typesFile],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: entry.reportName,
      reportFolder: join(scratch, 'report'),
      reportTempFolder: join(scratch, 'temp'),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf' as const,
    messages: {
      // A declaration that does not compile is an error, not a warning.
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      extractorMessageReporting: {
        // Everything else API Extractor notices goes into the report, where a reviewer sees it.
        default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
        // We publish no @alpha/@beta: every export is public, which the report says anyway.
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        // The report marks these `(undocumented)` on the member itself.
        'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        // TypeScript resolves `{@link url}` in scope, as editors show it; API Extractor wants
        // package-qualified references. Doc links are not API surface.
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        // tsup's rollup puts its imports above the comment; nothing to do with our API.
        'ae-misplaced-package-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        'ae-wrong-input-file-type': { logLevel: ExtractorLogLevel.Error },
      },
      tsdocMessageReporting: {
        default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
      },
    },
  }
}

/**
 * `Extractor.invoke`, with a hint when it crashes: it does when an import resolves to a `.js`
 * without declarations, i.e. a workspace package this one imports is not built (or is mid-build).
 */
function invokeExtractor(
  entry: EntryPoint,
  ...args: Parameters<typeof Extractor.invoke>
): ReturnType<typeof Extractor.invoke> {
  try {
    return Extractor.invoke(...args)
  } catch (error) {
    throw new Error(
      `API Extractor crashed on ${relative(REPO_ROOT, entry.typesFile)}: is every package it ` +
        'imports built? Run `pnpm build`.',
      { cause: error },
    )
  }
}
