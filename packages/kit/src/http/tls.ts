import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { ConfigurationError } from "../subgraph/startup.js";

/** A certificate chain and its private key (PEM) for a server to serve https with. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * https for a service when `TLS_CERT_FILE` (the certificate, with its chain) and `TLS_KEY_FILE`
 * (its private key) name PEM files; plain http when neither is set. Half a pair, an unreadable
 * file or a key that does not match the certificate refuse the start with a `ConfigurationError`.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): TlsFiles | undefined {
  const certFile = env.TLS_CERT_FILE;
  const keyFile = env.TLS_KEY_FILE;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigurationError("Set both TLS_CERT_FILE and TLS_KEY_FILE (https), or neither (http).");
  const files = { cert: readPem("TLS_CERT_FILE", certFile), key: readPem("TLS_KEY_FILE", keyFile) };
  try {
    createSecureContext(files);
  } catch {
    throw new ConfigurationError("TLS_CERT_FILE and TLS_KEY_FILE are not a PEM certificate and its private key.");
  }
  return files;
}

/** A PEM file named by a setting, or a `ConfigurationError` that says which setting and file. */
export function readPem(setting: string, file: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new ConfigurationError(`${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  if (!content.includes("-----BEGIN ")) throw new ConfigurationError(`${setting}: ${file} is not a PEM file.`);
  return content;
}
