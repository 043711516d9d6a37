/**
 * The benchmark's reference run: what any implementation must at least do for one group, and nothing else. It loads
 * node:https and node:crypto (a real run talks TLS and signs), hashes and signs twice, makes two sequential requests
 * over one keep-alive connection to the emulator (its unsigned, unlogged admin route GET /__emulator/state: a round
 * trip, not an API call) and sets an output. Spawned by runAction like the action, its time is a practical lower bound
 * for the cold start on the machine at hand; `BENCH_TARGET` is the emulator's URL.
 *
 * CommonJS, as dist/ is: on Node 24 an ES module that imports builtins starts ~35 ms slower than one that requires
 * them, so an .mjs reference took longer than the action itself and bounded nothing.
 */
'use strict'
const { createHash, createHmac, randomBytes } = require('node:crypto')
const { appendFileSync } = require('node:fs')
const http = require('node:http')
require('node:https')

const target = new URL(process.env.BENCH_TARGET ?? '')
const agent = new http.Agent({ keepAlive: true })

function roundTrip(body) {
  const digest = createHash('sha256').update(body).digest('hex')
  const signature = createHmac('sha256', 'reference')
    .update(`${digest}\n${randomBytes(16).toString('hex')}`)
    .digest('hex')
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: '/__emulator/state',
        method: 'GET',
        agent,
        headers: { 'x-reference': signature }
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve(JSON.parse(text)))
      }
    )
    request.on('error', reject)
    request.end()
  })
}

async function main() {
  console.log('::group::reference')
  await roundTrip('list')
  await roundTrip('approve')
  appendFileSync(process.env.GITHUB_OUTPUT ?? '/dev/null', 'approved=true\n')
  console.log('::endgroup::')
  agent.destroy()
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
