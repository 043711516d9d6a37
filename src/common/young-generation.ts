/**
 * Keeps V8's young generation at its starting size. index.ts imports this module last, once every module of a run has
 * loaded: a flag change alters V8's flag hash, and a Node builtin compiled after it does without Node's own code cache
 * (set first, it cost ~20 ms on Node 24). The bundle's cache was accepted earlier, when dist/index.js compiled it;
 * scripts/code-cache-producer.cjs sets the flag back before it writes that cache.
 *
 * V8 doubles the young generation whenever a scavenge finds much of it alive, up to 16 MiB per semi-space; a fleet's
 * burst of answers does that, and the pages stay resident to the end: a 500-group run on Node 24 peaked at 91 MiB,
 * 81 MiB without the growth, in about the same time (bench/README.md). The action cannot pass
 * `--max-semi-space-size` (the runner starts node, and V8 reads that one only at start-up); the growth factor V8
 * reads each time it would grow, so setting it here takes effect.
 */
import { setFlagsFromString } from 'node:v8'

/** NO_YOUNG_GENERATION_GROWTH is the V8 flag set here; its default is 2 (double). */
const NO_YOUNG_GENERATION_GROWTH = '--semi-space-growth-factor=1'

setFlagsFromString(NO_YOUNG_GENERATION_GROWTH)
