/**
 * The project's own rules for its metadata, on top of GitHub's schema (scripts/validate-metadata.ts runs both):
 * a Marketplace-sized action description, described kebab-case inputs and outputs, no `${{ }}` inside a `run:`
 * script, third-party actions pinned by commit SHA, bounded and serialised example jobs, and a Dependabot file
 * that GitHub would accept. Each check takes a file's path and text and returns one sentence per problem.
 */
import { parse } from 'yaml'

/** MAX_DESCRIPTION_LENGTH is the longest action description GitHub Marketplace accepts (it asks for under 125 characters). */
export const MAX_DESCRIPTION_LENGTH = 124
/** OWN_ACTION is this action's repository: examples use it by its moving major tag, as users are told to. */
export const OWN_ACTION = 'wuying-ota-action/wuying-ota-action'

const KEBAB = /^[a-z]+(-[a-z0-9]+)*$/
const SHA = /^[0-9a-f]{40}$/
// A version comment after the SHA (`# v5.1.0`), so that reviewers and Dependabot can tell what the SHA is.
const VERSION_COMMENT = /^v?\d+(\.\d+){0,2}\b/
const USES_LINE = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/

type Mapping = Record<string, unknown>

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** actionProblems returns the action.yml rules the schema does not check: description length, described kebab-case inputs and outputs. */
export function actionProblems(path: string, text: string): string[] {
  const action = parse(text) as unknown
  if (!isMapping(action)) return [`${path}: not a YAML mapping`]
  const problems: string[] = []
  const description = typeof action.description === 'string' ? action.description.trim() : ''
  if (description === '') problems.push(`${path}: has no description`)
  else if (description.length > MAX_DESCRIPTION_LENGTH)
    problems.push(
      `${path}: description is ${description.length} characters; GitHub Marketplace takes at most ${MAX_DESCRIPTION_LENGTH}`
    )
  for (const section of ['inputs', 'outputs'] as const) {
    const entries = isMapping(action[section]) ? action[section] : {}
    for (const [name, spec] of Object.entries(entries)) {
      const what = `${section.slice(0, -1)} "${name}"`
      if (!KEBAB.test(name)) problems.push(`${path}: ${what} is not kebab-case`)
      const text = isMapping(spec) && typeof spec.description === 'string' ? spec.description.trim() : ''
      if (text === '') problems.push(`${path}: ${what} has no description`)
    }
  }
  return problems
}

/** runExpressionProblems returns one problem per step whose `run:` script contains `${{` (an injection risk: pass it through `env:`). */
export function runExpressionProblems(path: string, text: string): string[] {
  const workflow = parse(text) as unknown
  const jobs = isMapping(workflow) && isMapping(workflow.jobs) ? workflow.jobs : {}
  const problems: string[] = []
  for (const [jobId, job] of Object.entries(jobs)) {
    const steps = isMapping(job) && Array.isArray(job.steps) ? job.steps : []
    steps.forEach((step: unknown, index) => {
      if (!isMapping(step) || typeof step.run !== 'string' || !step.run.includes('${{')) return
      const name = typeof step.name === 'string' ? `"${step.name}"` : typeof step.id === 'string' ? step.id : `#${index + 1}`
      problems.push(`${path}: job ${jobId}, step ${name}: \`run:\` contains \${{ }}; pass the value through \`env:\``)
    })
  }
  return problems
}

/** pinningProblems returns one problem per `uses:` of a third-party action that is not pinned by full commit SHA with a version comment. */
export function pinningProblems(path: string, text: string): string[] {
  const problems: string[] = []
  text.split('\n').forEach((line, index) => {
    const match = USES_LINE.exec(line)
    if (!match) return
    const [, ref = '', comment = ''] = match
    const where = `${path}:${index + 1}`
    if (ref.startsWith('./')) return
    if (ref.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref)) problems.push(`${where}: ${ref} is not pinned by image digest`)
      return
    }
    const [name = '', version = ''] = ref.split('@')
    if (name === OWN_ACTION) return
    if (!SHA.test(version)) problems.push(`${where}: ${ref} is not pinned by a full commit SHA`)
    else if (!VERSION_COMMENT.test(comment.trim()))
      problems.push(`${where}: ${ref} needs its version in a comment (\`# v1.2.3\`)`)
  })
  return problems
}

/** exampleProblems returns the rules for workflows users copy: every job has `timeout-minutes`, and runs are serialised with `concurrency:`. */
export function exampleProblems(path: string, text: string): string[] {
  const workflow = parse(text) as unknown
  if (!isMapping(workflow) || !isMapping(workflow.jobs)) return [`${path}: has no jobs`]
  const problems: string[] = []
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (!isMapping(job)) continue
    if (job['timeout-minutes'] === undefined) problems.push(`${path}: job ${jobId} has no timeout-minutes`)
    if (workflow.concurrency === undefined && job.concurrency === undefined)
      problems.push(`${path}: job ${jobId} has no concurrency (at the workflow or the job level)`)
  }
  return problems
}

const DEPENDABOT_KEYS = ['version', 'updates', 'registries', 'enable-beta-ecosystems', 'multi-ecosystem-groups']
const UPDATE_KEYS = [
  'package-ecosystem',
  'directory',
  'directories',
  'schedule',
  'allow',
  'assignees',
  'commit-message',
  'cooldown',
  'exclude-paths',
  'groups',
  'ignore',
  'insecure-external-code-execution',
  'labels',
  'milestone',
  'multi-ecosystem-group',
  'open-pull-requests-limit',
  'patterns',
  'pull-request-branch-name',
  'rebase-strategy',
  'registries',
  'reviewers',
  'target-branch',
  'vendor',
  'versioning-strategy'
]
const ECOSYSTEMS = [
  'bun',
  'bundler',
  'cargo',
  'composer',
  'devcontainers',
  'docker',
  'docker-compose',
  'dotnet-sdk',
  'elm',
  'gitsubmodule',
  'github-actions',
  'gomod',
  'gradle',
  'helm',
  'maven',
  'mix',
  'npm',
  'nuget',
  'pip',
  'pub',
  'swift',
  'terraform',
  'uv'
]
const INTERVALS = ['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']
const SCHEDULE_KEYS = ['interval', 'day', 'time', 'timezone', 'cronjob']
const GROUP_KEYS = ['applies-to', 'dependency-type', 'patterns', 'exclude-patterns', 'update-types']
/** REQUIRED_ECOSYSTEMS are the ecosystems this project must keep up to date: its npm dependencies and its workflows' actions. */
export const REQUIRED_ECOSYSTEMS = ['npm', 'github-actions']

function unknownKeys(value: Mapping, known: readonly string[], where: string): string[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${where}: unknown key "${key}"`)
}

function updateProblems(entry: unknown, where: string): string[] {
  if (!isMapping(entry)) return [`${where}: is not a mapping`]
  const problems = unknownKeys(entry, UPDATE_KEYS, where)
  const ecosystem = entry['package-ecosystem']
  if (typeof ecosystem !== 'string' || !ECOSYSTEMS.includes(ecosystem))
    problems.push(`${where}: package-ecosystem ${JSON.stringify(ecosystem)} is not one of ${ECOSYSTEMS.join(', ')}`)
  const directories = entry.directories ?? (entry.directory === undefined ? undefined : [entry.directory])
  if (
    !Array.isArray(directories) ||
    directories.length === 0 ||
    !directories.every((d) => typeof d === 'string' && d.startsWith('/'))
  )
    problems.push(`${where}: needs directory (or directories), a path starting with "/"`)
  const schedule = entry.schedule
  if (!isMapping(schedule)) problems.push(`${where}: needs schedule.interval`)
  else {
    problems.push(...unknownKeys(schedule, SCHEDULE_KEYS, `${where}.schedule`))
    if (typeof schedule.interval !== 'string' || !INTERVALS.includes(schedule.interval))
      problems.push(`${where}: schedule.interval ${JSON.stringify(schedule.interval)} is not one of ${INTERVALS.join(', ')}`)
  }
  if (entry.groups !== undefined) {
    if (!isMapping(entry.groups)) problems.push(`${where}: groups is not a mapping`)
    else
      for (const [name, group] of Object.entries(entry.groups)) {
        if (!isMapping(group) || Object.keys(group).length === 0) problems.push(`${where}.groups.${name}: is empty`)
        else problems.push(...unknownKeys(group, GROUP_KEYS, `${where}.groups.${name}`))
      }
  }
  return problems
}

/** dependabotProblems returns what GitHub would refuse in a dependabot.yml, and any of REQUIRED_ECOSYSTEMS it does not update. */
export function dependabotProblems(path: string, text: string): string[] {
  const config = parse(text) as unknown
  if (!isMapping(config)) return [`${path}: not a YAML mapping`]
  const problems = unknownKeys(config, DEPENDABOT_KEYS, path)
  if (config.version !== 2) problems.push(`${path}: version must be 2`)
  if (!Array.isArray(config.updates) || config.updates.length === 0) return [...problems, `${path}: needs a list of updates`]
  config.updates.forEach((entry: unknown, index) => problems.push(...updateProblems(entry, `${path}: updates[${index}]`)))
  const ecosystems = config.updates.map((entry: unknown) => (isMapping(entry) ? entry['package-ecosystem'] : undefined))
  for (const required of REQUIRED_ECOSYSTEMS)
    if (!ecosystems.includes(required)) problems.push(`${path}: updates has no package-ecosystem ${required}`)
  return problems
}
