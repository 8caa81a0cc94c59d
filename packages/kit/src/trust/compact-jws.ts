import { KeyObject, sign, verify } from "node:crypto";
import type { CryptoKey } from "jose";
import { SIGNING_ALGORITHM, type SigningKey } from "./keys.js";

/*
 * What the consent authority hands the other subgraphs (receipts, reporting cohorts) is compact
 * JWS (EdDSA), signed and verified with node:crypto directly rather than through jose's
 * WebCrypto path: a page of 20 pathways means 20 signatures and 20 verifications per request,
 * and this is 3 to 4 times cheaper (measured: 146 → about 45 µs to sign, 225 → about 110 µs to
 * verify). The format stays standard JWS; the tests check it against tokens made by jose.
 */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
function keyObject(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, (object = KeyObject.from(key as unknown as Parameters<typeof KeyObject.from>[0])));
  return object;
}
const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A compact JWS of `payload` with the given type (`typ`), signed by `key`. */
export function signCompactJws(key: SigningKey, type: string, payload: Record<string, unknown>): string {
  const header = { alg: SIGNING_ALGORITHM, kid: key.kid, typ: type };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${base64url(sign(null, Buffer.from(input), keyObject(key.privateKey)))}`;
}

/** The payload of a compact JWS signed by `key` with EdDSA and the given type; throws otherwise. */
export function verifyCompactJws(token: string, key: CryptoKey, type: string): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("not a compact JWS");
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8")) as Record<string, unknown>;
  // Only the one algorithm and type: never "none", never what the token says it is.
  if (header.alg !== SIGNING_ALGORITHM || header.typ !== type || header.crit !== undefined) throw new Error("unexpected header");
  if (!verify(null, Buffer.from(`${encodedHeader}.${encodedPayload}`), keyObject(key), Buffer.from(signature, "base64url"))) {
    throw new Error("bad signature");
  }
  const payload = JSON.parse(Buffer.from(encodedPayload, "base64url").toString("utf8")) as unknown;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new Error("not a claims set");
  return payload as Record<string, unknown>;
}
