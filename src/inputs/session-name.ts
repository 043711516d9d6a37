import { InputError } from '../common/errors.js'

/** STS's RoleSessionName rule (AssumeRoleWithOIDC): 2 to 64 characters of letters, digits and `. @ - _`. */
export const SESSION_NAME_MIN = 2
export const SESSION_NAME_MAX = 64
const SESSION_NAME = /^[A-Za-z0-9.@_-]+$/
const NOT_ALLOWED = /[^A-Za-z0-9.@_-]/g

/** FALLBACK_SESSION_NAME is used when the run gives nothing better (no GITHUB_REPOSITORY, e.g. a run by hand). */
export const FALLBACK_SESSION_NAME = 'wuying-ota-action'

/**
 * roleSessionName returns the default session name `<owner>.<repo>-<runId>[-<runAttempt>]`: characters STS does not
 * accept become `-` (`/` becomes `.`), and the repository part is shortened so that the run suffix always fits in 64.
 */
export function roleSessionName(repository: string, runId: string, runAttempt?: string): string {
  const suffix = [runId, runAttempt]
    .map((part) => clean(part ?? ''))
    .filter((part) => part !== '')
    .map((part) => `-${part}`)
    .join('')
    .slice(0, SESSION_NAME_MAX - SESSION_NAME_MIN)
  const base = clean(repository.trim().replace(/\//g, '.')) || FALLBACK_SESSION_NAME
  const name = `${base.slice(0, SESSION_NAME_MAX - suffix.length)}${suffix}`
  return name.length >= SESSION_NAME_MIN ? name : FALLBACK_SESSION_NAME
}

/** parseRoleSessionName returns a session name given by the user, or throws InputError naming `inputName` and the rule. */
export function parseRoleSessionName(text: string, inputName = 'role-session-name'): string {
  const name = text.trim()
  const rule = `${SESSION_NAME_MIN} to ${SESSION_NAME_MAX} letters, digits and . @ _ - (STS's rule), e.g. octo-org.deploy-4242-1`
  if (name.length < SESSION_NAME_MIN || name.length > SESSION_NAME_MAX) {
    throw new InputError(inputName, `${JSON.stringify(shorten(name))} has ${name.length} characters; use ${rule}`)
  }
  if (!SESSION_NAME.test(name)) {
    const bad = [...new Set(name.match(NOT_ALLOWED) ?? [])].map((c) => JSON.stringify(c)).join(', ')
    throw new InputError(inputName, `${JSON.stringify(name)} contains ${bad}; use ${rule}`)
  }
  return name
}

function clean(text: string): string {
  return text.replace(NOT_ALLOWED, '-')
}

function shorten(text: string): string {
  return text.length > SESSION_NAME_MAX + 8 ? `${text.slice(0, SESSION_NAME_MAX)}…` : text
}
