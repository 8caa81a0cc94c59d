import { hkdfSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK, type CryptoKey } from "jose";
import { dataDir, isProduction } from "../config/paths.js";

export const SIGNING_ALGORITHM = "EdDSA";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

interface StoredKeyPair {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * A named Ed25519 key pair. In production it comes from the environment (`<NAME>_PRIVATE_JWK`);
 * in development it is created once under `.data/keys/` so every local process shares it.
 */
export async function loadSigningKey(name: string): Promise<SigningKey> {
  const fromEnv = process.env[`${envName(name)}_PRIVATE_JWK`];
  const stored: Pick<StoredKeyPair, "kid" | "privateJwk"> = fromEnv
    ? withKid(JSON.parse(fromEnv) as JWK)
    : await loadOrCreateDevKeyPair(name);
  return { kid: stored.kid, privateKey: (await importJWK(stored.privateJwk, SIGNING_ALGORITHM)) as CryptoKey };
}

/**
 * A secret of the key pair's holder for another use than signing (`label` says which), derived
 * from its private key by HKDF-SHA256: it exists wherever the key does and rotates with it.
 */
export async function loadDerivedSecret(name: string, label: string): Promise<Buffer> {
  const fromEnv = process.env[`${envName(name)}_PRIVATE_JWK`];
  const stored = fromEnv ? withKid(JSON.parse(fromEnv) as JWK) : await loadOrCreateDevKeyPair(name);
  if (typeof stored.privateJwk.d !== "string") throw new Error(`key "${name}" has no private part`);
  return Buffer.from(hkdfSync("sha256", Buffer.from(stored.privateJwk.d, "base64url"), Buffer.alloc(0), label, 32));
}

/** The public half, for verifiers: `<NAME>_PUBLIC_JWK` or the development key file. */
export async function loadVerificationKey(name: string): Promise<CryptoKey> {
  const fromEnv = process.env[`${envName(name)}_PUBLIC_JWK`];
  const jwk = fromEnv ? (JSON.parse(fromEnv) as JWK) : (await loadOrCreateDevKeyPair(name)).publicJwk;
  return (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey;
}

/** The public JWK of a development key pair (for a local JWKS document). */
export async function devPublicJwk(name: string): Promise<JWK> {
  return (await loadOrCreateDevKeyPair(name)).publicJwk;
}

export function devKeyPath(name: string): string {
  return dataDir("keys", `${name}.jwk.json`);
}

async function loadOrCreateDevKeyPair(name: string): Promise<StoredKeyPair> {
  if (isProduction()) {
    throw new Error(`key "${name}" must be configured in production (${envName(name)}_PRIVATE_JWK / _PUBLIC_JWK)`);
  }
  const path = devKeyPath(name);
  const existing = readKeyFile(path);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: "Ed25519", extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: SIGNING_ALGORITHM, use: "sig" };
  const kid = await calculateJwkThumbprint(publicJwk);
  const pair: StoredKeyPair = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM, kid },
    publicJwk: { ...publicJwk, kid },
  };
  mkdirSync(dirname(path), { recursive: true });
  try {
    // "wx": when two processes start together, the first writer wins and the other reads its key.
    writeFileSync(path, JSON.stringify(pair, null, 2), { flag: "wx", mode: 0o600 });
    return pair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKeyFileWithRetry(path);
  }
}

function readKeyFile(path: string): StoredKeyPair | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as StoredKeyPair;
  } catch {
    return null;
  }
}

async function readKeyFileWithRetry(path: string): Promise<StoredKeyPair> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = readKeyFile(path);
    if (pair) return pair;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`development key at ${path} is unreadable`);
}

function withKid(privateJwk: JWK): Pick<StoredKeyPair, "kid" | "privateJwk"> {
  if (!privateJwk.kid) throw new Error("a configured private JWK needs a kid");
  return { kid: privateJwk.kid, privateJwk };
}

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/**
 * A key loaded on first use and kept: in development a pair is only made when first asked for,
 * so loading at start-up could race the process that creates it. A failed load is tried again.
 */
export function keyOnFirstUse<K>(load: () => Promise<K>): () => Promise<K> {
  let pending: Promise<K> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
