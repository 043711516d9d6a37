// Jest's order, except that the load tests start first: they spend minutes waiting on the emulator's rate limit,
// so with two workers they run beside the other files instead of after them, and the whole suite finishes sooner.
import Sequencer from '@jest/test-sequencer'

const SLOW_FIRST = [/load-fleets\.test\.ts$/, /load\.test\.ts$/]

export default class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests)
    const rank = (test) => {
      const index = SLOW_FIRST.findIndex((pattern) => pattern.test(test.path))
      return index === -1 ? SLOW_FIRST.length : index
    }
    return [...sorted].sort((a, b) => rank(a) - rank(b))
  }
}
