import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { createTestCertificate, startEmulator, type Emulator, type TestCertificate } from '../../../emulator/index.js'

/** get sends GET <path> over HTTPS trusting `ca` (or nothing) and resolves with status and body, or rejects with the TLS error. */
function get(emu: Emulator, path: string, ca?: string, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emu.port, path, method: 'GET', ...(ca ? { ca } : {}), ...(agent ? { agent } : {}) },
      (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

describe('createTestCertificate', () => {
  let cert: TestCertificate

  beforeAll(async () => {
    cert = await createTestCertificate()
  })
  afterAll(async () => {
    await cert.remove()
  })

  it('makes a self-signed certificate for the loopback names, valid now', () => {
    const x509 = new X509Certificate(cert.certPem)
    expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost')
    expect(x509.checkIssued(x509)).toBe(true)
    expect(Date.parse(x509.validFrom)).toBeLessThanOrEqual(Date.now())
    expect(Date.parse(x509.validTo)).toBeGreaterThan(Date.now())
    expect(cert.keyPem).toContain('PRIVATE KEY')
    expect(existsSync(cert.certPath)).toBe(true)
  })

  it('is made in-process with a P-256 key, extra DNS names included, even with no openssl on PATH', async () => {
    const path = process.env.PATH
    process.env.PATH = ''
    let other: TestCertificate | undefined
    try {
      other = await createTestCertificate(['*.proxy.test'])
    } finally {
      process.env.PATH = path
    }
    try {
      const x509 = new X509Certificate(other.certPem)
      const key = createPrivateKey(other.keyPem)
      expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, DNS:*.proxy.test')
      expect(x509.checkPrivateKey(key)).toBe(true)
      expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' })
      expect(x509.serialNumber).not.toBe(new X509Certificate(cert.certPem).serialNumber)
    } finally {
      await other.remove()
    }
  })

  it('refuses a DNS name that is not printable ASCII', async () => {
    await expect(createTestCertificate(['bad name'])).rejects.toThrow('must be printable ASCII')
  })

  it('removes its files, twice without complaint', async () => {
    const other = await createTestCertificate()
    await other.remove()
    await other.remove()
    expect(existsSync(other.certPath)).toBe(false)
  })
})

describe('startEmulator with tls', () => {
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({ tls: true })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('serves HTTPS and says which certificate to trust', async () => {
    expect(emu).toMatchObject({
      url: `https://127.0.0.1:${emu.port}`,
      endpoint: `127.0.0.1:${emu.port}`,
      protocol: 'HTTPS',
      caCertPath: expect.stringMatching(/cert\.pem$/)
    })
    const res = await get(emu, '/__emulator/state', emu.caCertPem)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toHaveProperty('groups')
  })

  it('is refused by a client that does not trust its certificate', async () => {
    await expect(get(emu, '/__emulator/state')).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
  })

  it('numbers TLS connections: keep-alive requests share one number', async () => {
    emu.reset()
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: emu.caCertPem })
    try {
      await get(emu, '/?Action=ListAppInstanceGroup&Version=2021-09-01', undefined, agent)
      await get(emu, '/?Action=ListAppInstanceGroup&Version=2021-09-01', undefined, agent)
    } finally {
      agent.destroy()
    }
    const [first, second] = emu.requests()
    expect(first?.connection).toBeGreaterThan(0)
    expect(second?.connection).toBe(first?.connection)
    expect(first).toMatchObject({ status: 400, code: 'MissingAccessKeyId' })
  })
})

describe('closing a TLS emulator', () => {
  it('removes the certificate it made, and leaves one it was given', async () => {
    const own = await startEmulator({ tls: true })
    await own.close()
    expect(existsSync(own.caCertPath as string)).toBe(false)

    const given = await createTestCertificate()
    try {
      const emu = await startEmulator({ tls: given })
      expect(emu.caCertPath).toBe(given.certPath)
      await emu.close()
      expect(existsSync(given.certPath)).toBe(true)
    } finally {
      await given.remove()
    }
  })

  it('serves plain HTTP without a certificate by default', async () => {
    const plain = await startEmulator()
    try {
      expect(plain).toMatchObject({ url: `http://127.0.0.1:${plain.port}`, protocol: 'HTTP' })
      expect(plain.caCertPath).toBeUndefined()
    } finally {
      await plain.close()
    }
  })
})
