/**
 * A throwaway self-signed certificate for the emulator's HTTPS mode, made in-process: node:crypto makes the P-256
 * key pair and the ECDSA signature, and this file encodes the few DER structures of an X.509 v3 certificate.
 * In-process rather than a certificate shipped in the repository because callers add names (`*.proxy.test`) that a
 * fixed certificate cannot cover, and because it is fast (a few milliseconds) and needs neither the `openssl`
 * command (npm test must run without it) nor another npm package. It names 127.0.0.1, ::1 and localhost, lives one
 * day, and its PEM file is what a spawned action trusts through NODE_EXTRA_CA_CERTS. TEST USE ONLY: the key is made
 * fresh for each certificate and never leaves a temp directory.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A certificate and key pair on disk; `certPath` is the value for NODE_EXTRA_CA_CERTS. */
export interface TestCertificate {
  readonly certPem: string
  readonly keyPem: string
  readonly certPath: string
  /** remove deletes the directory holding both files; idempotent. */
  remove(): Promise<void>
}

const COMMON_NAME = 'wuying-emulator-test'
const LIFETIME_MS = 24 * 60 * 60 * 1000
/** notBefore lies a little in the past so that a client whose clock trails by seconds still accepts it. */
const BACKDATE_MS = 5 * 60 * 1000
const LOOPBACK_IPS = [Buffer.from([127, 0, 0, 1]), Buffer.from([...Array<number>(15).fill(0), 1])]

/**
 * createTestCertificate returns a fresh self-signed P-256 certificate for the loopback names and any `extraNames`
 * (DNS names, e.g. `*.proxy.test` for a test that reaches the emulator through a proxy); throws on a name that is
 * not printable ASCII.
 */
export async function createTestCertificate(extraNames: readonly string[] = []): Promise<TestCertificate> {
  for (const name of extraNames) {
    if (!/^[\x21-\x7e]+$/.test(name))
      throw new Error(`test certificate: DNS name ${JSON.stringify(name)} must be printable ASCII`)
  }
  const { certPem, keyPem } = selfSigned(['localhost', ...extraNames], Date.now())
  const dir = await mkdtemp(join(tmpdir(), 'wuying-emulator-tls-'))
  const certPath = join(dir, 'cert.pem')
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true })
  try {
    await writeFile(certPath, certPem)
    await writeFile(join(dir, 'key.pem'), keyPem, { mode: 0o600 })
  } catch (err) {
    await remove()
    throw err
  }
  return { certPem, keyPem, certPath, remove }
}

/** selfSigned returns the PEM certificate (loopback IPs plus `dnsNames`, valid from `now` for a day) and its key. */
function selfSigned(dnsNames: readonly string[], now: number): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'))
  const name = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(COMMON_NAME, 'utf8')))))
  const serial = randomBytes(16)
  serial[0] = (serial[0] & 0x7f) | 0x40 // positive, and no leading zero byte to strip
  // The extensions `openssl req -x509` gave it when it made this certificate: basicConstraints CA:TRUE, the names.
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff])))))
  const altNames = [...LOOPBACK_IPS.map((ip) => tlv(0x87, ip)), ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii')))]
  const subjectAltName = seq(oid('2.5.29.17'), tlv(0x04, seq(...altNames)))
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version v3
    tlv(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(time(now - BACKDATE_MS), time(now + LIFETIME_MS)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(basicConstraints, subjectAltName))
  )
  // node:crypto signs EC keys as a DER ECDSA-Sig-Value, which is what X.509's signatureValue holds.
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0]), sign('sha256', tbs, privateKey)))
  const base64 = der.toString('base64').match(/.{1,64}/g) ?? []
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64.join('\n')}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  }
}

/** tlv encodes one DER element: tag, definite length (short or long form), content. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content)
  const n = body.length
  if (n > 0xffff) throw new RangeError('test certificate: DER element too long')
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]
  return Buffer.concat([Buffer.from([tag, ...length]), body])
}

function seq(...content: Buffer[]): Buffer {
  return tlv(0x30, ...content)
}

/** oid encodes a dotted object identifier (first two arcs in one byte, the rest base 128). */
function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
  const bytes = [40 * first + second]
  for (const arc of rest) {
    const chunk = [arc & 0x7f]
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f))
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/** time encodes an instant as X.509 wants it: UTCTime before 2050, GeneralizedTime from then on, whole seconds. */
function time(ms: number): Buffer {
  const digits = new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '')
  return new Date(ms).getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'))
}
