/**
 * Preloaded into a benchmarked process (NODE_OPTIONS=--require …/probe.cjs) to see what only the process itself
 * can: when it first wrote to stdout (performance.now(), ms since the process started) and its peak resident set
 * (process.resourceUsage().maxRSS, KiB). Written as one JSON line to BENCH_PROBE_FILE at exit. It costs a file
 * read and compile at start, so the benchmark uses it only for the load-time and memory figures, and gives the
 * bare-node baseline the same probe.
 */
'use strict'
const { writeFileSync } = require('node:fs')
const { performance } = require('node:perf_hooks')

const file = process.env.BENCH_PROBE_FILE
if (file) {
  let firstOutputMs = null
  const write = process.stdout.write
  process.stdout.write = function (...args) {
    if (firstOutputMs === null) firstOutputMs = performance.now()
    return write.apply(this, args)
  }
  process.on('exit', () => {
    const usage = process.resourceUsage()
    const { rss, heapTotal, heapUsed, external } = process.memoryUsage()
    const atExit = { rss, heapTotal, heapUsed, external }
    writeFileSync(file, JSON.stringify({ firstOutputMs, exitMs: performance.now(), maxRssKiB: usage.maxRSS, atExit }) + '\n')
  })
}
