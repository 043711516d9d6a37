/**
 * What `undici` resolves to in the bundle (tsconfig.json `paths`, which ncc's resolver applies to every import,
 * dependencies' included). `@actions/core` → `@actions/http-client` imports undici at top level (about half the
 * bundle) for the ProxyAgent that only `getAgentDispatcher` builds, and only `@actions/github`'s proxy-aware fetch
 * calls that; core's own ID-token request goes through node:http. So the real undici is loaded by the first fetch
 * (a GitHub Deployment record), never by a run that makes no GitHub API call.
 */
import type * as Undici from 'undici/index.js'

type RealUndici = typeof Undici
type RealProxyAgent = InstanceType<RealUndici['ProxyAgent']>
type ProxyAgentOptions = ConstructorParameters<RealUndici['ProxyAgent']>[0]
type FetchInit = NonNullable<Parameters<RealUndici['fetch']>[1]>

let real: Promise<RealUndici> | undefined

// A deep path (the package has no `exports` map), which `paths` leaves alone.
const load = (): Promise<RealUndici> => (real ??= import('undici/index.js'))

/**
 * ProxyAgent stands in for undici's until the first fetch that uses it builds the real one (once, so that its
 * keep-alive connection is shared as before). Like the real one it has no `options` property.
 */
export class ProxyAgent {
  readonly #options: ProxyAgentOptions
  #real: RealProxyAgent | undefined

  constructor(options: ProxyAgentOptions) {
    this.#options = options
  }

  /** dispatcher returns the real ProxyAgent, built on first use. */
  dispatcher(undici: RealUndici): RealProxyAgent {
    this.#real ??= new undici.ProxyAgent(this.#options)
    return this.#real
  }
}

/** fetch is undici's fetch, loaded on first use; a stand-in ProxyAgent as `dispatcher` is replaced by the real one. */
export async function fetch(input: Parameters<RealUndici['fetch']>[0], init?: FetchInit): ReturnType<RealUndici['fetch']> {
  const undici = await load()
  const dispatcher: unknown = init?.dispatcher
  if (dispatcher instanceof ProxyAgent) return undici.fetch(input, { ...init, dispatcher: dispatcher.dispatcher(undici) })
  return undici.fetch(input, init)
}
