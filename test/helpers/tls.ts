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
 * A self-signed certificate for 127.0.0.1 made by `openssl` now (FACTS.md): the headquarters
 * receiver serves it, and the branch pins it as the headquarters CA. Two calls give two unrelated
 * authorities (a "wrong CA").
 */
export function makeTestCert(): TestCert {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hq-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', timeout: 20_000 },
  );
  return { dir, certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}
