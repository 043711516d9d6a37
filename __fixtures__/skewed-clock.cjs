// Preloaded into the spawned action with NODE_OPTIONS=--require: the process's clock runs
// WUYING_TEST_CLOCK_SKEW_MS ahead of the machine's, as on a runner whose clock is off. Test-only.
'use strict'
const offset = Number(process.env.WUYING_TEST_CLOCK_SKEW_MS || 0)
const RealDate = Date
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset)
    else super(...args)
  }
  static now() {
    return RealDate.now() + offset
  }
}
globalThis.Date = SkewedDate
