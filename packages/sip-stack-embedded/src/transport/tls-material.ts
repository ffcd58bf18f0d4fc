import { readFile } from 'node:fs/promises';
import { type SecureContextOptions, type TLSSocket } from 'node:tls';
import { type SipTlsOptions } from '../embedded-sip-stack-options';

/** Certificate, key and CA, read from the files the configuration names. */
export interface TlsMaterial {
  readonly secureContext: SecureContextOptions;
  readonly verifyClient: boolean;
}

/**
 * Reads the PEM files of a TLS listener.
 * @throws Error naming the file that cannot be read.
 */
export async function loadTlsMaterial(options: SipTlsOptions): Promise<TlsMaterial> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} file '${file}': ${(error as Error).message}`);
    }
  };
  const [cert, key, ca] = await Promise.all([
    read(options.certFile, 'certificate (cert_file)'),
    read(options.keyFile, 'key (key_file)'),
    options.caFile === undefined ? Promise.resolve(undefined) : read(options.caFile, 'CA (ca_file)'),
  ]);
  return { secureContext: { cert, key, ...(ca !== undefined && { ca }) }, verifyClient: options.verifyClient === true };
}

/** The names in a verified peer certificate: subject CN and DNS subject alternative names. */
export function tlsPeerNames(socket: TLSSocket): string[] {
  const certificate = socket.getPeerCertificate();
  if (certificate === undefined || Object.keys(certificate).length === 0) return [];
  const names = new Set<string>();
  const cn = certificate.subject?.CN;
  if (typeof cn === 'string') names.add(cn);
  else if (Array.isArray(cn)) for (const name of cn as string[]) names.add(name);
  for (const part of (certificate.subjectaltname ?? '').split(',')) {
    const entry = part.trim();
    if (entry.startsWith('DNS:')) names.add(entry.slice(4));
  }
  return [...names];
}
