/**
 * Validates the action's metadata and every workflow offline with GitHub's own parser
 * (@actions/workflow-parser: the schema the runner and the Actions editor use), plus the project's rules in
 * scripts/metadata-rules.ts: a description GitHub Marketplace accepts, every input and output described,
 * no `${{ }}` inside a `run:` script, third-party actions pinned by SHA, examples bounded by `timeout-minutes`
 * and `concurrency`, and a Dependabot configuration GitHub would accept.
 * Usage: `npm run validate` (or `tsx scripts/validate-metadata.ts [root]`); exits 1 listing every problem.
 */
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { actionProblems, dependabotProblems, exampleProblems, pinningProblems, runExpressionProblems } from './metadata-rules.js'

const root = process.argv[2] ?? process.cwd()

function yamlFiles(dir: string): string[] {
  const path = join(root, dir)
  if (!existsSync(path)) return []
  return readdirSync(path)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name))
}

function read(path: string): string {
  return readFileSync(join(root, path), 'utf8')
}

function schemaErrors(path: string, kind: 'action' | 'workflow'): string[] {
  const file = { name: path, content: read(path) }
  const result =
    kind === 'action' ? parseAction(file, new NoOperationTraceWriter()) : parseWorkflow(file, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}

function workflowChecks(path: string): string[] {
  const text = read(path)
  return [...schemaErrors(path, 'workflow'), ...runExpressionProblems(path, text), ...pinningProblems(path, text)]
}

const examples = yamlFiles('examples')
const workflows = yamlFiles('.github/workflows')
const dependabot = ['.github/dependabot.yml', '.github/dependabot.yaml'].find((path) => existsSync(join(root, path)))
const problems = [
  ...schemaErrors('action.yml', 'action'),
  ...actionProblems('action.yml', read('action.yml')),
  ...examples.flatMap((path) => [...workflowChecks(path), ...exampleProblems(path, read(path))]),
  ...workflows.flatMap(workflowChecks),
  ...(dependabot ? dependabotProblems(dependabot, read(dependabot)) : ['.github/dependabot.yml is missing'])
]
if (problems.length > 0) {
  for (const problem of problems) console.error(`✗ ${problem}`)
  process.exit(1)
}
console.log(
  `metadata valid in ${relative(process.cwd(), root) || '.'}: action.yml, ${examples.length} examples, ` +
    `${workflows.length} workflows, ${dependabot}`
)
