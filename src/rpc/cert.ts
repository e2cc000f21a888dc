// A throwaway TLS certificate for lab 08's TLS rows: self-signed, P-256, for IP 127.0.0.1 and DNS localhost (gRPC
// names the server localhost, since Node warns when an IP is used as the TLS server name), valid one day, made by
// Debian's openssl at run time in the run's scratch folder (never committed, never reused). Without openssl the
// answer says why, and the TLS rows are reported as unavailable. Tests: test/rpc/connections.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type Cert = { available: true; certFile: string; keyFile: string } | { available: false; reason: string };

/**
 * A self-signed certificate for 127.0.0.1 (and localhost) made by `openssl` in `dir` for this run, or the reason it
 * could not be made.
 */
export function throwawayCert(dir: string, openssl = 'openssl'): Cert {
  const certFile = path.join(dir, 'rpc-cert.pem');
  const keyFile = path.join(dir, 'rpc-key.pem');
  const out = spawnSync(
    openssl,
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], // prettier-ignore
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (out.error)
    return { available: false, reason: `${openssl} could not run (${out.error.message}; apt-get install openssl)` };
  if (out.status !== 0 || !existsSync(certFile)) {
    return { available: false, reason: `${openssl} req failed: ${(out.stderr ?? '').trim().split('\n').pop() ?? ''}` };
  }
  return { available: true, certFile, keyFile };
}
