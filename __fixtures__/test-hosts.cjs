// Preloaded into the spawned action with NODE_OPTIONS=--require: the host names listed (comma-separated) in
// WUYING_TEST_HOSTS resolve to 127.0.0.1, like an /etc/hosts entry, so that a test can reach the emulator under a
// name that is not loopback (the action never sends loopback through a proxy) without the proxy. Test-only.
'use strict'
const dns = require('node:dns')
const names = new Set((process.env.WUYING_TEST_HOSTS || '').split(',').filter(Boolean))
const lookup = dns.lookup
dns.lookup = function (hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback
  const opts = typeof options === 'object' && options !== null ? options : {}
  if (!names.has(String(hostname).toLowerCase())) return lookup.apply(this, arguments)
  if (opts.all) process.nextTick(done, null, [{ address: '127.0.0.1', family: 4 }])
  else process.nextTick(done, null, '127.0.0.1', 4)
}
