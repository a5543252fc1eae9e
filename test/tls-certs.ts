/**
 * A throw-away certificate authority and a server certificate it signed for 127.0.0.1 and
 * localhost, made with openssl (EC P-256 keys: quick) in a temp folder once per test file.
 * A client trusts the server only when told to trust the CA (e.g. NODE_EXTRA_CA_CERTS=caFile),
 * as with a shop's private CA or self-signed certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** What a TLS server needs: PEM text. */
export interface TlsKeyPair {
  key: string;
  cert: string;
}

export interface TestCerts extends TlsKeyPair {
  /** The CA certificate (PEM file): what a client must trust. */
  caFile: string;
  /** Another CA's certificate, which signed nothing here: trusting it is trusting the wrong CA. */
  otherCaFile: string;
  certFile: string;
  keyFile: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function createTestCerts(dir: string): TestCerts {
  const file = (name: string) => join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=OrderBell test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-x509', ...EC_KEY, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=Some other CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', ...EC_KEY, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  return {
    caFile: file('ca.pem'),
    otherCaFile: file('other-ca.pem'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
    cert: readFileSync(file('server.pem'), 'utf8'),
    key: readFileSync(file('server.key'), 'utf8'),
  };
}

/** Makes the certificates before the file's first test and removes them after its last: read them inside tests. */
export function useTestCerts(): () => TestCerts {
  let dir: string | undefined;
  let certs: TestCerts | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orderbell-tls-'));
    certs = createTestCerts(dir);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!certs) throw new Error('useTestCerts(): the certificates are made in beforeAll; read them inside a test');
    return certs;
  };
}
