/**
 * Outside text that tries to become a workflow command: every vector the runner would obey if it reached the start of
 * a log line (`::warning::`, `::add-mask::`, `::stop-commands::`, `::error file=…::`, `##[error]`), after LF, CRLF or
 * CR, and HTML for the job summary. Each carries a marker so that a test can tell an injected line from the action's
 * own commands.
 */
import type { ActionRun } from './action.js'

/** MARK starts the data of every injected command. */
export const MARK = 'PWNED'

/** hostile returns text for one field: a plausible value followed by every command vector, tagged with `tag`. */
export function hostile(tag: string): string {
  return [
    `v-${tag}`,
    `\n::warning::${MARK}-${tag}-warning`,
    `\r\n::add-mask::${MARK}-${tag}-mask`,
    `\r::stop-commands::${MARK}${tag}`,
    `\n::error file=x,line=1::${MARK}-${tag}-error`,
    `\n##[error]${MARK}-${tag}-legacy`,
    `\n::notice::${MARK}-${tag}-notice <script>alert(1)</script>`
  ].join('')
}

/** INJECTED matches a line the runner would read as a command whose data is the injected text. */
const INJECTED = new RegExp(`^\\s*(?:::[^:]*::|##\\[[^\\]]*\\])\\s*${MARK}`)

/** injectedLines returns the lines of the run's stdout and stderr that would start an injected workflow command. */
export function injectedLines(run: ActionRun): string[] {
  return `${run.stdout}\n${run.stderr}`
    .split(/\r\n|\r|\n/)
    .filter((line) => INJECTED.test(line) || /^\s*::stop-commands::/.test(line))
}
