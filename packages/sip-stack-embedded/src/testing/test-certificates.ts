import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA, a server certificate for 127.0.0.1, and a client certificate, made with openssl. */
export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** The client certificate's subject CN (also its DNS name). */
  readonly clientName: string;
  remove(): void;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Creates the files in a fresh temporary directory (P-256 keys: quick to make). */
export function createTestCertificates(clientName = 'fe01.herald.test'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'herald-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Herald Test CA');
  const issue = (name: string, cn: string, extensions: string): void => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(dir, 'req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  };
  issue('server', 'herald.test', 'subjectAltName=DNS:herald.test,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('client', clientName, `subjectAltName=DNS:${clientName}\nextendedKeyUsage=clientAuth\n`);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    clientName,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
