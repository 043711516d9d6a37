/**
 * Makes the V8 code cache of a built bundle (run by scripts/code-cache.ts under the Node the cache is for):
 * `node --random-seed=1 code-cache-producer.cjs <dist>/index.js <dist>/main.js <out>` compiles main.js exactly as
 * the loader (dist/index.js) does, runs it, and at exit writes script.createCachedData() to <out>: the top level
 * and every function the run compiled. The run is the action with the caller's environment: the build's training run
 * (scripts/training-run.ts), or no inputs at all (the loader's tests), which loads every module, reads the inputs and
 * reports the failure. A fixed random seed (V8's hash seed follows it) makes the bytes the same on every build; it is
 * not part of the flags V8 checks a cache against.
 */
'use strict'
const { readFileSync, writeFileSync } = require('node:fs')
const v8 = require('node:v8')

const [loaderPath, mainPath, outPath] = process.argv.slice(2)
if (!loaderPath || !mainPath || !outPath) throw new Error('usage: code-cache-producer.cjs <loader> <main.js> <out>')
const { compileBundle, runBundle, sourceOf } = require(loaderPath)
// No tier-up while the cache is made: the optimising compilers run on other threads, and when one finishes first it
// leaves a mark in a function's data (a few builds in 40 differed by 2 bytes). Switched back before the cache is
// written, so that it carries the default flags' hash, which V8 compares with the running process's.
const TIERS = ['sparkplug', 'maglev', 'opt']
const tag = v8.cachedDataVersionTag()
for (const tier of TIERS) v8.setFlagsFromString(`--no-${tier}`)
const script = compileBundle(sourceOf(readFileSync(mainPath)))
process.on('exit', () => {
  for (const tier of TIERS) v8.setFlagsFromString(`--${tier}`)
  if (v8.cachedDataVersionTag() !== tag) throw new Error('V8 flags not restored: the cache would never be used')
  writeFileSync(outPath, script.createCachedData())
})
runBundle(script, mainPath)
