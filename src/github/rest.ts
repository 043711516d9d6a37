/**
 * The GitHub REST calls a Deployment record makes, as an interface: octokit.ts implements it with Octokit (loaded only
 * when a record is asked for), and tests can use the loopback stand-in or a fake. Every method throws GitHubError.
 */
import type { DeploymentRequest } from './plan.js'
import type { DeploymentState } from './status.js'

/** StatusRequest is the body of `POST /repos/{owner}/{repo}/deployments/{id}/statuses`. */
export interface StatusRequest {
  readonly state: DeploymentState
  readonly description: string
  /** The run's page. */
  readonly log_url?: string
  /** The `environment-url` input. */
  readonly environment_url?: string
}

/** ListedDeployment is a deployment as listed, with the payload it was created with. */
export interface ListedDeployment {
  readonly id: number
  readonly payload: unknown
}

/** DeploymentQuery filters a listing: the records of one ref, environment and task. */
export interface DeploymentQuery {
  readonly ref: string
  readonly environment: string
  readonly task: string
}

/** GitHubRest is the client of the three calls; each takes the signal that cuts the attempt at its timeout. */
export interface GitHubRest {
  /** Creates a deployment; returns its id. */
  createDeployment(body: DeploymentRequest, signal: AbortSignal): Promise<number>
  /** Lists the newest deployments matching the query (one page). */
  listDeployments(query: DeploymentQuery, signal: AbortSignal): Promise<ListedDeployment[]>
  /** Adds a status to a deployment. */
  createStatus(deploymentId: number, body: StatusRequest, signal: AbortSignal): Promise<void>
}

/** ConnectOptions say where and as whom to call: the token, the API's base URL and the repository. */
export interface ConnectOptions {
  readonly token: string
  /** GITHUB_API_URL: https://api.github.com, a GitHub Enterprise Server's `/api/v3`, or the test stand-in. */
  readonly apiUrl: string
  readonly owner: string
  readonly repo: string
}
