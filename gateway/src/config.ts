import { isProduction, portFromEnv } from "@percorsi/kit";

export const DEFAULT_GATEWAY_PORT = 4000;

export interface CallerTrustConfig {
  /** OIDC issuer whose JWTs the gateway accepts. */
  issuer: string;
  audience: string;
  /** JWKS URL (production); absent means the local development issuer. */
  jwksUrl: string | null;
}

export const DEV_ISSUER = "percorsi-dev-issuer";
export const DEV_AUDIENCE = "percorsi";
export const DEV_ISSUER_KEY_NAME = "dev-issuer";

/** Caller trust from the environment; production refuses to run without a real issuer. */
export function callerTrustFromEnv(): CallerTrustConfig {
  const jwksUrl = process.env.OIDC_JWKS_URL || null;
  if (isProduction() && (!jwksUrl || !process.env.OIDC_ISSUER || !process.env.OIDC_AUDIENCE)) {
    throw new Error("production needs OIDC_JWKS_URL, OIDC_ISSUER and OIDC_AUDIENCE");
  }
  return {
    issuer: process.env.OIDC_ISSUER || DEV_ISSUER,
    audience: process.env.OIDC_AUDIENCE || DEV_AUDIENCE,
    jwksUrl,
  };
}

export function gatewayPortFromEnv(): number {
  return portFromEnv("GATEWAY_PORT", portFromEnv("PORT", DEFAULT_GATEWAY_PORT));
}

/**
 * Routing URLs that differ from the supergraph's: `SUBGRAPH_ANTI_VIOLENCE_URL` replaces the URL of
 * subgraph "anti-violence"; without it, `ANTI_VIOLENCE_PORT` (the variable the subgraph listens
 * on) replaces the port of its routing URL, so `npm run dev` with port overrides routes where the
 * subgraphs listen.
 */
export function subgraphUrlOverrides(subgraphs: { name: string; url: string }[] = []): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const { name, url } of subgraphs) {
    const envName = name.toUpperCase().replace(/-/g, "_");
    if (!process.env[`${envName}_PORT`]) continue;
    const routed = new URL(url);
    routed.port = String(portFromEnv(`${envName}_PORT`, Number(routed.port)));
    overrides[name] = routed.toString();
  }
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^SUBGRAPH_(.+)_URL$/.exec(key);
    if (match && value) overrides[match[1]!.toLowerCase().replace(/_/g, "-")] = value;
  }
  return overrides;
}
