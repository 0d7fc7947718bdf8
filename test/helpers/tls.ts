import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCert {
  dir: string;
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed P-256 certificate for 127.0.0.1 made by `openssl` now (FACTS.md): the headquarters
 * receiver serves it, and the branch pins it as the headquarters CA. Two calls give two unrelated
 * authorities (a "wrong CA"). The one place tests make certificates; given `under`, its folder is
 * made inside that one, so the test's own clean-up removes it.
 */
export function makeTestCert(under: string = os.tmpdir()): TestCert {
  const dir = mkdtempSync(path.join(under, 'hq-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', timeout: 20_000 },
  );
  return { dir, certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}
