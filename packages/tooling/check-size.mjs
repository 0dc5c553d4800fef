// Keeps every source room small enough to read: no file in packages/*/src over 600 lines and no
// function over 150. Functions are found with the TypeScript parser (declarations, arrows and
// methods); a function's lines run from its first token to its last.
// Usage: node packages/tooling/check-size.mjs [package-dir …]  (default: every package)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

const MAX_FILE_LINES = 600
const MAX_FUNCTION_LINES = 150

const root = join(import.meta.dirname, '..', '..')
const packagesDir = join(root, 'packages')
const targets =
  process.argv.length > 2
    ? process.argv.slice(2).map((p) => join(process.cwd(), p))
    : readdirSync(packagesDir).map((name) => join(packagesDir, name))

const sourcesUnder = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourcesUnder(path)
    return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })

const nameOf = (node) => {
  if (node.name !== undefined) return node.name.getText()
  const parent = node.parent
  if (parent !== undefined && ts.isVariableDeclaration(parent)) return parent.name.getText()
  if (parent !== undefined && ts.isPropertyAssignment(parent)) return parent.name.getText()
  return '(anonymous)'
}

const problems = []
for (const pkg of targets) {
  const src = join(pkg, 'src')
  if (!existsSync(src)) continue
  for (const file of sourcesUnder(src)) {
    const text = readFileSync(file, 'utf8')
    const where = relative(root, file)
    const lines = text.split('\n').length
    if (lines > MAX_FILE_LINES) problems.push(`${where}: ${lines} lines (max ${MAX_FILE_LINES})`)
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const span = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1
        if (span > MAX_FUNCTION_LINES) {
          problems.push(
            `${where}:${lineOf(node.getStart(source)) + 1}: function ${nameOf(node)} is ${span} lines (max ${MAX_FUNCTION_LINES})`,
          )
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
}

for (const p of problems) console.log(p)
console.log(problems.length === 0 ? 'sizes ok' : `${problems.length} size problems`)
process.exit(problems.length === 0 ? 0 : 1)
