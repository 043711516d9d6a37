/**
 * The `app-instance-group-id` input as a list: one delivery group id, or several separated by newlines or commas.
 * Whitespace around each id is dropped, empty items (a trailing comma, blank lines) are ignored, and duplicates are
 * removed keeping the first occurrence, so that the order of the list is the order of the report.
 */
import { InputError } from '../common/errors.js'
import { quoteValue } from './quote.js'

const INPUT = 'app-instance-group-id'
/** GROUP_ID is the shape of a delivery group id. */
export const GROUP_ID = /^aig-[a-z0-9]{6,32}$/
const RULE = '"aig-" followed by 6 to 32 lower-case letters or digits, e.g. aig-9ciijz60n4xsv1234'
/**
 * MAX_GROUPS bounds one step's fleet: the `results` output of 1,000 groups stays well below 1 MiB, the limit of a
 * job output it may be passed on to. Larger fleets split the list over several steps or a matrix.
 */
export const MAX_GROUPS = 1000
const SEPARATORS = /[\n,]/
/** How many malformed ids an error names before it only counts the rest. */
const NAMED_BAD_IDS = 5

/**
 * parseGroupIds returns the distinct delivery group ids of the input, in the order given; throws InputError naming
 * `app-instance-group-id` when there is none, when any is malformed (naming each, with its position in a list), or
 * when there are more than MAX_GROUPS.
 */
export function parseGroupIds(value: string): string[] {
  const given = value
    .split(SEPARATORS)
    .map((item) => item.trim())
    .filter((item) => item !== '')
  if (given.length === 0) throw new InputError(INPUT, `is required; give ${RULE}`)
  const bad = given.flatMap((id, index) => (GROUP_ID.test(id) ? [] : [{ id, index }]))
  if (bad.length > 0) throw new InputError(INPUT, malformed(bad, given.length))
  const ids = [...new Set(given)]
  if (ids.length > MAX_GROUPS) {
    throw new InputError(
      INPUT,
      `lists ${ids.length} delivery groups; at most ${MAX_GROUPS} per step: split the list over several steps or a matrix`
    )
  }
  return ids
}

/** checkTaskIdFits throws InputError naming `task-id` when one is given for several groups (a task belongs to one group). */
export function checkTaskIdFits(taskId: string, groupIds: readonly string[]): void {
  if (taskId !== '' && groupIds.length > 1) {
    throw new InputError(
      'task-id',
      `applies to one delivery group, but app-instance-group-id lists ${groupIds.length}; leave task-id empty to approve each group's pending task`
    )
  }
}

/** SHOWN_IDS is how many ids describeGroupIds lists before it only counts the rest. */
const SHOWN_IDS = 10

/** describeGroupIds returns the log line of the groups: the id for one, else the count, the concurrency and the first ids. */
export function describeGroupIds(ids: readonly string[], bizRegionId: string, concurrency: number): string {
  if (ids.length === 1) return `delivery group: ${ids[0]} in ${bizRegionId}`
  const more = ids.length > SHOWN_IDS ? `, and ${ids.length - SHOWN_IDS} more` : ''
  return `delivery groups: ${ids.length} in ${bizRegionId}, approved ${concurrency} at a time: ${ids.slice(0, SHOWN_IDS).join(', ')}${more}`
}

function malformed(bad: readonly { id: string; index: number }[], count: number): string {
  const name = ({ id, index }: { id: string; index: number }): string =>
    `${quoteValue(id)}${count > 1 ? ` (item ${index + 1} of ${count})` : ''}`
  const named = bad.slice(0, NAMED_BAD_IDS).map(name).join(', ')
  const more = bad.length > NAMED_BAD_IDS ? ` and ${bad.length - NAMED_BAD_IDS} more` : ''
  const verb = bad.length === 1 ? 'is' : 'are'
  const spaced = bad.some(({ id }) => /\s/.test(id)) ? '; separate several ids with commas or newlines' : ''
  return `${named}${more} ${verb} malformed; expected ${RULE}${spaced}`
}
