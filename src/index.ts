/** The action's entry point (dist/index.js): everything happens in run(). */
import './common/quiet-library.js' // First: before the client library loads.
import { run } from './main.js'

/** EXIT_GRACE_MS is how long the process may linger after run() before it exits anyway. */
const EXIT_GRACE_MS = 1000

void run().finally(() => {
  // run() settles only after every call ended or was cut at the step's deadline; should the client library still
  // hold a socket, it must not keep the step alive. The timer is unref'd: it fires only if something else lingers.
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref()
})
