/**
 * Preloaded (`NODE_OPTIONS=--require`) into a run of a bundle that bench/load-time.ts instrumented: at exit, writes
 * to BENCH_LOAD_FILE the time each module's factory took itself (its own top-level code, without the modules it
 * required), when the first module started (ms since process start), and, for modules that only load a Node
 * builtin, which builtin (a minified bundle names its modules by number only).
 */
'use strict'
const { writeFileSync } = require('node:fs')
const { performance } = require('node:perf_hooks')

const file = process.env.BENCH_LOAD_FILE
const BUILTIN = /exports=(?:require|\w+\(import\.meta\.url\))\("([^"]+)"\)/

if (file) {
  process.on('exit', () => {
    const load = globalThis.__benchLoad
    if (!load) return writeFileSync(file, JSON.stringify({ instrumented: false }))
    const factories = (load.require && load.require.m) || {}
    const builtins = {}
    for (const id of Object.keys(load.self)) {
      const match = BUILTIN.exec(String(factories[id] || '').slice(0, 300))
      if (match) builtins[id] = `node:${match[1].replace(/^node:/, '')}`
    }
    writeFileSync(
      file,
      JSON.stringify({ instrumented: true, first: load.first, exit: performance.now(), self: load.self, builtins })
    )
  })
}
