/**
 * The inputs of the GitHub Deployment record: `deployment-environment` (empty: no record), `github-token` and
 * `environment-url`. Pure. The token is never quoted in an error, and is dropped when no record is asked for.
 */
import { InputError } from '../common/errors.js'
import { quoteValue } from './quote.js'

/** GITHUB_INPUT_DEFAULTS are the defaults the code applies to these inputs when run without the runner. */
export const GITHUB_INPUT_DEFAULTS = Object.freeze({
  'deployment-environment': '',
  'github-token': '',
  'environment-url': ''
} as const)

/**
 * EXPRESSION_DEFAULTS are action.yml defaults that only the runner can evaluate. Run by hand, the input arrives empty
 * and the code falls back to the environment variable the expression stands for (TOKEN_ENV for `github.token`).
 */
export const EXPRESSION_DEFAULTS = Object.freeze({ 'github-token': '${{ github.token }}' } as const)

/** TOKEN_ENV is the variable read when `github-token` is empty: what `${{ github.token }}` is, outside the runner. */
export const TOKEN_ENV = 'GITHUB_TOKEN'

/** MAX_ENVIRONMENT_LENGTH is GitHub's limit on an environment's name. */
export const MAX_ENVIRONMENT_LENGTH = 255
const MAX_URL_LENGTH = 2048

/** DeploymentInputs are the record's settings; `environment` empty means no record (and `token` is then empty too). */
export interface DeploymentInputs {
  readonly environment: string
  readonly token: string
  /** Empty when not given. */
  readonly environmentUrl: string
}

/** RawDeploymentInputs are the three inputs as given (trimmed), defaults applied. */
export interface RawDeploymentInputs {
  readonly environment: string
  readonly token: string
  readonly environmentUrl: string
}

/**
 * readDeploymentInputs validates the record's inputs: the environment name, the token (only when a record is asked
 * for; TOKEN_ENV when the input is empty) and environment-url (an https URL, checked even without a record so that a
 * typo shows). Throws InputError naming the input.
 */
export function readDeploymentInputs(
  raw: RawDeploymentInputs,
  env: Readonly<Record<string, string | undefined>>
): DeploymentInputs {
  const environment = parseEnvironment(raw.environment)
  const environmentUrl = parseEnvironmentUrl(raw.environmentUrl)
  const token = environment === '' ? '' : parseToken(raw.token === '' ? (env[TOKEN_ENV]?.trim() ?? '') : raw.token, environment)
  return Object.freeze({ environment, token, environmentUrl })
}

function parseEnvironment(value: string): string {
  if (value.length > MAX_ENVIRONMENT_LENGTH) {
    throw new InputError(
      'deployment-environment',
      `is ${value.length} characters long; GitHub allows at most ${MAX_ENVIRONMENT_LENGTH}`
    )
  }
  if (hasControl(value)) throw new InputError('deployment-environment', 'contains a control character; give one environment name')
  return value
}

function parseToken(value: string, environment: string): string {
  const needed = `deployment-environment is ${JSON.stringify(environment)}, which needs a token that may write deployments`
  if (value === '') {
    throw new InputError('github-token', `is empty, but ${needed}: keep the default \${{ github.token }} or pass one`)
  }
  if (value.includes('${{')) {
    throw new InputError(
      'github-token',
      `holds an expression the runner did not evaluate; ${needed} (outside a workflow, set ${TOKEN_ENV})`
    )
  }
  // Never echoed: the value is a secret. Whitespace would also break the Authorization header.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new InputError('github-token', 'contains whitespace or characters a token cannot have; pass the token alone')
  }
  return value
}

function parseEnvironmentUrl(value: string): string {
  if (value === '') return ''
  const shown = quoteValue(value)
  const rule = 'give an https:// URL such as https://portal.example.com/fleet'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError('environment-url', `${shown} is not a URL; ${rule}`)
  }
  // Checked before anything quotes the value.
  if (url.username !== '' || url.password !== '') {
    throw new InputError(
      'environment-url',
      'must not contain credentials: GitHub shows this URL to everyone who can read the repository'
    )
  }
  if (url.protocol !== 'https:') throw new InputError('environment-url', `${shown} is not https; ${rule}`)
  if (value.length > MAX_URL_LENGTH || hasControl(value)) {
    throw new InputError('environment-url', `${shown} is too long or contains control characters; ${rule}`)
  }
  return value
}

function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text)
}
