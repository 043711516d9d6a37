/**
 * A throwaway self-signed certificate for the emulator's HTTPS mode, made with the `openssl` CLI (node:crypto
 * cannot issue X.509 certificates). It names 127.0.0.1, ::1 and localhost, lives one day, and its PEM file is
 * what a spawned action trusts through NODE_EXTRA_CA_CERTS. Test use only: the key never leaves a temp directory.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A certificate and key pair on disk; `certPath` is the value for NODE_EXTRA_CA_CERTS. */
export interface TestCertificate {
  readonly certPem: string
  readonly keyPem: string
  readonly certPath: string
  /** remove deletes the directory holding both files; idempotent. */
  remove(): Promise<void>
}

/** createTestCertificate returns a fresh self-signed P-256 certificate for the loopback names; throws when openssl is missing or fails. */
export async function createTestCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'wuying-emulator-tls-'))
  const certPath = join(dir, 'cert.pem')
  const keyPath = join(dir, 'key.pem')
  const args = [
    'req',
    '-x509',
    '-nodes',
    '-days',
    '1',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-subj',
    '/CN=wuying-emulator-test',
    '-addext',
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost'
  ]
  try {
    await run('openssl', args, { timeout: 30_000 })
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
    throw new Error(
      missing
        ? 'emulator TLS mode needs the openssl command on PATH to make its throwaway certificate'
        : `openssl could not make the emulator's test certificate: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`,
      { cause: err }
    )
  }
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
  return { certPem, keyPem, certPath, remove: () => rm(dir, { recursive: true, force: true }) }
}
