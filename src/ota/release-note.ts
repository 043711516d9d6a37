/**
 * The release note of each task approved (in a dry run: that would be), read with GetOtaTaskByTaskId after every
 * approval is done, for the log, the summary and `results`. Its text comes from outside, so it is cut to its first
 * line of at most MAX_RELEASE_NOTE_CHARS, without control or reordering characters; the log funnel and the report
 * escape it like any other outside text. The read never fails a group: GetOtaTaskByTaskId needs the RAM action of an
 * approval, which a dry run's read-only role lacks, and then the note is only said to be unreadable.
 *
 * When: `release-note` (inputs/read.ts) is `dry-run` by default, so a real run sends no request for it and one group
 * keeps to its two requests (lookup, approval); `always` adds one request per approved group, after the approvals,
 * so that no approval waits for a note.
 */
import { CODE_SUCCESS } from '../common/api.js'
import { ApiError } from '../common/errors.js'
import { prefixLogger } from '../common/log.js'
import type { ReleaseNoteMode } from '../inputs/read.js'
import type { WuyingApi } from '../wuying/client.js'
import type { GroupsInputs } from './lookup.js'
import { mapPool } from './pool.js'
import { callWithRetry, createRun, type OtaResult, type Run, type ScheduleDeps } from './run.js'

/** MAX_RELEASE_NOTE_CHARS bounds a release note as the log, the summary and `results` show it. */
export const MAX_RELEASE_NOTE_CHARS = 200

/** ReleaseNoteInputs are the step inputs the release notes depend on; without `releaseNote`, none is read. */
export type ReleaseNoteInputs = GroupsInputs & {
  readonly dryRun: boolean
  readonly releaseNote?: ReleaseNoteMode
}

/** readsReleaseNotes tells whether a step reads release notes: a dry run unless `never`; a real run with `always` only. */
export function readsReleaseNotes(mode: ReleaseNoteMode, dryRun: boolean): boolean {
  return mode === 'always' || (mode === 'dry-run' && dryRun)
}

/**
 * addReleaseNotes returns the results with the release note of each `approved` (dry run: `would-approve`) group's task,
 * read at most `concurrency` at a time under the retry policy; the others as they were. Throws only what is not an
 * ApiError (a bug).
 */
export async function addReleaseNotes(
  api: WuyingApi,
  inputs: ReleaseNoteInputs,
  deps: ScheduleDeps,
  results: readonly OtaResult[]
): Promise<OtaResult[]> {
  const merged = [...results]
  if (!readsReleaseNotes(inputs.releaseNote ?? 'never', inputs.dryRun)) return merged
  const wanted = inputs.dryRun ? 'would-approve' : 'approved'
  const chosen = results.flatMap((result, index) => (result.status === wanted && result.taskId !== '' ? [{ result, index }] : []))
  if (chosen.length === 0) return merged
  const { logger } = deps
  const single = results.length === 1
  const title = single
    ? `Read the release note of OTA task ${chosen[0]?.result.taskId}`
    : `Read the release notes of ${chosen.length} OTA tasks, at most ${inputs.concurrency} at a time`
  await logger.group(title, () =>
    mapPool(chosen, inputs.concurrency, async ({ result, index }) => {
      const groupId = result.appInstanceGroupId
      const run = createRun(api, { ...inputs, appInstanceGroupId: groupId }, deps, {
        logger: single ? logger : prefixLogger(logger, groupId),
        calls: result.calls
      })
      merged[index] = await readReleaseNote(run, result)
    })
  )
  return merged
}

/** readReleaseNote returns the result with its task's release note, or with `releaseNoteError` when it cannot be read. */
export async function readReleaseNote(run: Run, result: OtaResult): Promise<OtaResult> {
  const { taskId } = result
  let answer
  try {
    answer = await callWithRetry(run, 'GetOtaTaskByTaskId', () => run.api.getOtaTaskByTaskId({ TaskId: taskId }))
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return unread(run, result, error.code, error.message)
  }
  const code = answer.Code ?? ''
  // HTTP 200 may carry a failing Code; a note that came with it is still the task's note.
  if (answer.ReleaseNote === undefined && code !== '' && code.toLowerCase() !== CODE_SUCCESS) {
    return unread(run, result, code, `${code}: ${answer.Message ?? 'no message'} (request id ${answer.RequestId})`)
  }
  const note = shortenReleaseNote(answer.ReleaseNote ?? '')
  run.logger.info(note === '' ? `task ${taskId} has no release note` : `release note of task ${taskId}: ${note}`)
  return Object.freeze({ ...result, releaseNote: note, calls: [...run.calls] })
}

function unread(run: Run, result: OtaResult, code: string, why: string): OtaResult {
  run.logger.info(`the release note of task ${result.taskId} could not be read (${why}); nothing else is affected`)
  return Object.freeze({ ...result, releaseNoteError: code, calls: [...run.calls] })
}

/**
 * shortenReleaseNote returns the first non-blank line of a note, its runs of white space made one space, control and
 * text-reordering characters dropped, cut to MAX_RELEASE_NOTE_CHARS characters; `…` marks a cut or further lines.
 */
export function shortenReleaseNote(text: string): string {
  const lines = text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).map((line) =>
    Array.from(line)
      .filter((char) => !isHidden(char.codePointAt(0) as number))
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
  )
  const first = lines.findIndex((line) => line !== '')
  if (first < 0) return ''
  const more = lines.slice(first + 1).some((line) => line !== '')
  const shown = Array.from(more ? `${lines[first]} …` : (lines[first] as string))
  return shown.length <= MAX_RELEASE_NOTE_CHARS ? shown.join('') : `${shown.slice(0, MAX_RELEASE_NOTE_CHARS - 1).join('')}…`
}

// C0 and C1 controls but tab, DEL, and the marks that reorder or hide text (bidi marks, embeddings, isolates, BOM).
function isHidden(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  )
}
