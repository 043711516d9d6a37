/**
 * Preloaded (`--require`) into a run of the built action to see what the loader did with the code cache: wraps
 * vm.Script, which the loader compiles the bundle with, and writes to CODE_CACHE_PROBE_FILE whether it was given a
 * cache and whether V8 rejected it (`{ "given": true, "rejected": false }`); at exit it adds `builtins`, the Node
 * modules the run loaded (process.moduleLoadList's `NativeModule` entries), and `v8Flags`: each flag the run set with
 * v8.setFlagsFromString and the builtins loaded after it (a builtin compiled after a flag change does without
 * Node's own code cache, whose flag hash no longer fits).
 */
'use strict'
const vm = require('node:vm')
const v8 = require('node:v8')
const { writeFileSync } = require('node:fs')

const file = process.env.CODE_CACHE_PROBE_FILE
const Script = vm.Script
let seen
vm.Script = class ProbedScript extends Script {
  constructor(code, options) {
    super(code, options)
    if (file && options && options.filename === 'dist/main.js') {
      seen = { given: options.cachedData !== undefined, rejected: this.cachedDataRejected === true }
      writeFileSync(file, JSON.stringify(seen))
    }
  }
}
const loadedBuiltins = () =>
  process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice(13))
const flagsSet = []
const setFlagsFromString = v8.setFlagsFromString
v8.setFlagsFromString = function (flags) {
  flagsSet.push({ flags, loaded: loadedBuiltins().length })
  return setFlagsFromString.call(this, flags)
}
process.on('exit', () => {
  if (!file || seen === undefined) return
  const builtins = loadedBuiltins()
  const v8Flags = flagsSet.map(({ flags, loaded }) => ({ flags, builtinsAfter: builtins.slice(loaded) }))
  writeFileSync(file, JSON.stringify({ ...seen, builtins, v8Flags }))
})
