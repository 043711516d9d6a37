/**
 * Preloaded (`--require`) into a run of the built action to see what the loader did with the code cache: wraps
 * vm.Script, which the loader compiles the bundle with, and writes to CODE_CACHE_PROBE_FILE whether it was given a
 * cache and whether V8 rejected it (`{ "given": true, "rejected": false }`).
 */
'use strict'
const vm = require('node:vm')
const { writeFileSync } = require('node:fs')

const file = process.env.CODE_CACHE_PROBE_FILE
const Script = vm.Script
vm.Script = class ProbedScript extends Script {
  constructor(code, options) {
    super(code, options)
    if (file && options && options.filename === 'dist/main.js') {
      writeFileSync(file, JSON.stringify({ given: options.cachedData !== undefined, rejected: this.cachedDataRejected === true }))
    }
  }
}
