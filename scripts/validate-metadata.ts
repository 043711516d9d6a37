/**
 * Validates the action's metadata and every workflow offline with GitHub's own parser
 * (@actions/workflow-parser: the schema the runner and the Actions editor use), plus the project's rules:
 * every input and output is described, and input and output names are kebab-case.
 * Run by `.ci/run` as `npm run validate`; exits 1 listing every problem.
 */
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

const KEBAB = /^[a-z]+(-[a-z0-9]+)*$/

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
}

function schemaErrors(path: string, kind: 'action' | 'workflow'): string[] {
  const file = { name: path, content: readFileSync(path, 'utf8') }
  const result =
    kind === 'action' ? parseAction(file, new NoOperationTraceWriter()) : parseWorkflow(file, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}

interface Described {
  readonly description?: unknown
}

function projectRules(path: string): string[] {
  const action = parse(readFileSync(path, 'utf8')) as { inputs?: Record<string, Described>; outputs?: Record<string, Described> }
  const problems: string[] = []
  for (const [section, entries] of [
    ['input', action.inputs ?? {}],
    ['output', action.outputs ?? {}]
  ] as const) {
    for (const [name, spec] of Object.entries(entries)) {
      if (!KEBAB.test(name)) problems.push(`${path}: ${section} "${name}" is not kebab-case`)
      if (typeof spec.description !== 'string' || spec.description.trim() === '')
        problems.push(`${path}: ${section} "${name}" has no description`)
    }
  }
  return problems
}

const problems = [
  ...schemaErrors('action.yml', 'action'),
  ...projectRules('action.yml'),
  ...[...yamlFiles('examples'), ...yamlFiles('.github/workflows')].flatMap((path) => schemaErrors(path, 'workflow'))
]
if (problems.length > 0) {
  for (const problem of problems) console.error(`✗ ${problem}`)
  process.exit(1)
}
console.log(
  `metadata valid: action.yml, ${yamlFiles('examples').length} examples, ${yamlFiles('.github/workflows').length} workflows`
)
