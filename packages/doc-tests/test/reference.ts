/**
 * What the API reference shows, read the way typedoc reads it: each public package's
 * `src/index.ts` exports, through the TypeScript compiler API, with the doc tags typedoc acts on
 * (`@internal` hides an export, `@category` puts it in a section, `@example` shows code). The
 * packages are the ones the root package.json's `typedocOptions.entryPoints` lists.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import ts from 'typescript'
import { compilerOptions, repoRoot, type Sample } from './samples'

/** One export of a package's entry point, as the reference would list it. */
export interface ReferenceEntry {
  readonly name: string
  /** The file that declares it, relative to the repository root, and the 1-based line. */
  readonly file: string
  readonly line: number
  /** Tagged `@internal`: typedoc's `excludeInternal` leaves it out. */
  readonly internal: boolean
  /** A namespace re-export (`export * as wire from './wire'`), which lists a whole module. */
  readonly namespace: boolean
  readonly categories: ReadonlyArray<string>
  /** The text of each `@example` tag. */
  readonly examples: ReadonlyArray<string>
}

/** The package directories the reference is built from (`packages/<dir>`). */
export const referencePackages = (): ReadonlyArray<string> => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    readonly typedocOptions: { readonly entryPoints: ReadonlyArray<string> }
  }
  return manifest.typedocOptions.entryPoints
    .map((entry) => basename(entry))
    .filter((dir) => existsSync(indexOf(dir)))
}

const indexOf = (dir: string): string => join(repoRoot, 'packages', dir, 'src', 'index.ts')

const tagTexts = (tags: ReadonlyArray<ts.JSDocTagInfo>, name: string): string[] =>
  tags.filter((t) => t.name === name).map((t) => ts.displayPartsToString(t.text).trim())

const entryOf = (checker: ts.TypeChecker, exported: ts.Symbol): ReferenceEntry => {
  const target =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  const declaration = target.declarations?.[0]
  const source = declaration?.getSourceFile()
  const tags = target.getJsDocTags(checker)
  return {
    name: exported.name,
    file: source === undefined ? '(unknown)' : relative(repoRoot, source.fileName),
    line:
      source === undefined || declaration === undefined
        ? 0
        : source.getLineAndCharacterOfPosition(declaration.getStart(source)).line + 1,
    internal: tags.some((t) => t.name === 'internal'),
    namespace:
      declaration !== undefined &&
      (ts.isSourceFile(declaration) || ts.isModuleDeclaration(declaration)),
    categories: tagTexts(tags, 'category'),
    examples: tagTexts(tags, 'example'),
  }
}

/** Every export of every package's entry point, by package directory, in one program. */
export const readReference = (
  dirs: ReadonlyArray<string> = referencePackages(),
): ReadonlyMap<string, ReadonlyArray<ReferenceEntry>> => {
  const program = ts.createProgram(dirs.map(indexOf), compilerOptions())
  const checker = program.getTypeChecker()
  const out = new Map<string, ReadonlyArray<ReferenceEntry>>()
  for (const dir of dirs) {
    const source = program.getSourceFile(indexOf(dir))
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
    if (module === undefined) throw new Error(`packages/${dir}/src/index.ts has no exports`)
    out.set(
      dir,
      checker.getExportsOfModule(module).map((s) => entryOf(checker, s)),
    )
  }
  return out
}

const FENCE = /```(?:ts|typescript)\s*\n([\s\S]*?)```/g

/** The TypeScript code blocks of an entry's examples, as samples to typecheck. */
export const exampleSamples = (entry: ReferenceEntry): ReadonlyArray<Sample> =>
  entry.examples.flatMap((text, i) =>
    [...text.matchAll(FENCE)].map((m, j) => ({
      // One virtual file per block: the name keeps the export and the block apart.
      file: `${entry.file}#${entry.name}-${i}-${j}`,
      line: entry.line,
      mode: 'compile' as const,
      code: m[1] ?? '',
    })),
  )
