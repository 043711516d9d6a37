/**
 * dist/index.js, the file action.yml runs (copied there by scripts/build.ts): loads the bundle, dist/main.js, with
 * the V8 code cache the build made for it (main.js.cache), so that a run does not parse and compile the bundle
 * first. The cache is used only under the Node it was made by and only for this main.js: main.js.cache.json names
 * the V8 version and architecture and the SHA-256 of both files; on any mismatch, a missing or unreadable file,
 * the bundle is compiled as it would be without a cache. V8 checks the cache once more (its version, flags and the
 * source's length) and drops it on its own if it does not fit (script.cachedDataRejected).
 *
 * Required by another module (scripts/code-cache-producer.cjs, the tests), it only exports how it compiles and
 * runs the bundle, so that a cache is made for exactly what this file compiles.
 */
'use strict'
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { Script } = require('node:vm')
const { createHash } = require('node:crypto')
const { createRequire } = require('node:module')
const { isAscii } = require('node:buffer')

/** MAIN is the bundle's file name; CACHE its code cache; META what the cache was made for. */
const MAIN = 'main.js'
// The script's name in stack traces. A cache holds it, so it is the same wherever the action is checked out.
const SCRIPT_NAME = 'dist/main.js'
const CACHE = 'main.js.cache'
const META = 'main.js.cache.json'
// CommonJS's own wrapper: main.js is an ncc CommonJS bundle (exports, require, module, __filename, __dirname).
const HEAD = '(function (exports, require, module, __filename, __dirname) { '
const TAIL = '\n});'

/**
 * compileBundle compiles the bundle's source as a CommonJS module body, with `cachedData` when given.
 * @param {string} source
 * @param {Buffer} [cachedData]
 * @returns {Script}
 */
function compileBundle(source, cachedData) {
  return new Script(HEAD + source + TAIL, { filename: SCRIPT_NAME, ...(cachedData ? { cachedData } : {}) })
}

/**
 * sourceOf returns main.js's text: read as one-byte text when it is ASCII (the build makes it so), which costs a copy
 * instead of a UTF-8 decode, and as UTF-8 otherwise.
 * @param {Buffer} bytes
 * @returns {string}
 */
function sourceOf(bytes) {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
}

/**
 * runBundle runs a compiled bundle as the module `filename` (its require resolves next to it, as the lazy chunks do).
 * @param {Script} script
 * @param {string} filename
 * @returns {unknown} the bundle's module.exports
 */
function runBundle(script, filename) {
  const module = { exports: {}, filename, id: filename, loaded: false }
  const dirname = join(filename, '..')
  script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, dirname)
  module.loaded = true
  return module.exports
}

/**
 * cacheFor returns the code cache in `dir` when it was made by this V8 on this architecture for exactly these bytes of
 * main.js, and is itself intact; undefined otherwise (nothing about a cache is ever worth failing the run for).
 * @param {string} dir
 * @param {Buffer} main
 * @returns {Buffer | undefined}
 */
function cacheFor(dir, main) {
  try {
    const meta = JSON.parse(readFileSync(join(dir, META), 'utf8'))
    if (meta.v8 !== process.versions.v8 || meta.arch !== process.arch) return undefined
    const cache = readFileSync(join(dir, CACHE))
    // V8 itself compares only the source's length; a release build does not checksum the cache either.
    return sha256(main) === meta.main && sha256(cache) === meta.cache ? cache : undefined
  } catch {
    return undefined
  }
}

/**
 * sha256 returns the hex SHA-256 of bytes.
 * @param {Buffer} bytes
 */
function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex')
}

module.exports = { MAIN, CACHE, META, compileBundle, runBundle, cacheFor, sha256, sourceOf }

/**
 * keepYoungGenerationSmall stops V8 from growing its young generation. V8 doubles it whenever a scavenge finds much of
 * it alive, up to 16 MiB per semi-space; a fleet's burst of answers does that, and the pages stay resident to the end
 * (a 500-group run on Node 24 peaked at 91 MiB, 81 MiB without the growth, in about the same time). The runner starts
 * node, so `--max-semi-space-size` cannot be passed, and V8 reads that one only at start-up; the growth factor it
 * reads each time it would grow. Called once the bundle has run its module graph: a flag change alters V8's flag
 * hash, and a Node builtin compiled after it does without Node's own code cache (set first, a run took ~20 ms more).
 * The bundle's cache was accepted before, when it was compiled; scripts/code-cache-producer.cjs never calls this.
 */
function keepYoungGenerationSmall() {
  require('node:v8').setFlagsFromString('--semi-space-growth-factor=1')
}

if (require.main === module) {
  const filename = join(__dirname, MAIN)
  const main = readFileSync(filename)
  runBundle(compileBundle(sourceOf(main), cacheFor(__dirname, main)), filename)
  keepYoungGenerationSmall()
}
