/**
 * The OIDC recipes of docs/oidc.md work with their own triggers: for each documented trust policy, the subjects
 * that its example workflow's triggers give a job are exchanged against the emulator's STS, and the subjects of
 * other triggers are refused. The policies are read from the page itself, so the docs cannot drift from the test.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/action.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import {
  assumeWithSubject,
  oidcJobsOf,
  readOidcRecipes,
  recipeFleet,
  RECIPE_REPOSITORY,
  trustOf
} from '../../__fixtures__/oidc-recipes.js'

const page = readFileSync(join(ROOT, 'docs', 'oidc.md'), 'utf8')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const recipes = readOidcRecipes(page).map((recipe) => ({
  ...recipe,
  trust: trustOf(recipe.policy),
  jobs: oidcJobsOf(readFileSync(join(ROOT, recipe.example), 'utf8'))
}))
const allSubjects = recipes.flatMap((recipe) => recipe.jobs.flatMap((job) => job.subjects))

describe('docs/oidc.md', () => {
  it('has a recipe for every example that assumes a role, and each recipe is for one', () => {
    const assuming = readdirSync(join(ROOT, 'examples'))
      .filter((name) => name.endsWith('.yml'))
      .map((name) => `examples/${name}`)
      .filter((path) => oidcJobsOf(readFileSync(join(ROOT, path), 'utf8')).length > 0)
    expect(recipes.map((recipe) => recipe.example).sort()).toEqual(assuming.sort())
    for (const recipe of recipes) expect(recipe.jobs.length).toBeGreaterThan(0)
  })

  it('covers a tag ref, a GitHub environment and pull requests', () => {
    expect(allSubjects).toEqual(
      expect.arrayContaining([
        `repo:${RECIPE_REPOSITORY}:ref:refs/tags/v1.2.0`,
        `repo:${RECIPE_REPOSITORY}:environment:production`,
        `repo:${RECIPE_REPOSITORY}:pull_request`
      ])
    )
  })

  it('is the only place with trust policies: the README links to it and shows none of its own', () => {
    expect(readme).toContain('docs/oidc.md')
    const policies = [...readme.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((match) => match[1])
      .filter((json) => json?.includes('oidc:sub'))
    expect(policies).toEqual([])
  })
})

describe.each(recipes)('the $example recipe', ({ trust, jobs }) => {
  let port = 0
  const [job] = jobs
  if (!job) throw new Error('a recipe without a job that assumes a role')
  useEmulator((emulator) => (port = emulator.port), { fixture: recipeFleet(trust, job.roleArn) })

  it('names the provider and audience the policy trusts', () => {
    for (const each of jobs) {
      expect(each.providerArn).toBe(trust.providerArn)
      expect(trust.audiences).toContain(each.audience)
    }
  })

  it.each(job.subjects)('lets a job with subject %s assume the role', async (subject) => {
    const answer = await assumeWithSubject(port, { ...job, subject })

    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^STS\./) },
      OIDCTokenInfo: { Subject: subject }
    })
  })

  const others = [
    ...allSubjects.filter((subject) => !job.subjects.includes(subject)),
    `repo:${RECIPE_REPOSITORY}:ref:refs/heads/main`,
    ...job.subjects.map((subject) => subject.replace(RECIPE_REPOSITORY, 'octo-org/someone-elses-repo'))
  ]
  it.each([...new Set(others)])('refuses subject %s with NoPermission.AssumeRole', async (subject) => {
    const answer = await assumeWithSubject(port, { ...job, subject })

    expect({ status: answer.status, code: answer.json.Code }).toEqual({ status: 403, code: 'NoPermission.AssumeRole' })
  })
})
