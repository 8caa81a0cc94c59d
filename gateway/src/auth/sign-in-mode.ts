import { log } from "@percorsi/kit";
import { DEV_AUDIENCE, DEV_ISSUER, type CallerTrustConfig } from "../config.js";

/** Every setting that says a real identity provider is meant: any one of them turns development sign-in off. */
export const OIDC_SETTINGS = ["OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE", "DASHBOARD_OIDC_AUTHORITY", "DASHBOARD_OIDC_CLIENT_ID"] as const;

/**
 * How callers sign in, decided once at start:
 * - `development`: the gateway's own development issuer, and `/auth/dev-*` mint its tokens for
 *   the demo users (no credentials). Only with that issuer, no OIDC setting of any kind, and
 *   `NODE_ENV` other than `production`.
 * - `oidc`: tokens of the identity provider in OIDC_ISSUER / OIDC_JWKS_URL / OIDC_AUDIENCE.
 * - `misconfigured`: some OIDC setting is present but the gateway still trusts the development
 *   issuer (e.g. the dashboard's sign-in configured, the gateway's issuer not): nobody can sign
 *   in, and development sign-in stays off, since a deployment was evidently meant.
 */
export type SignInMode = "development" | "oidc" | "misconfigured";

export function signInMode(trust: CallerTrustConfig, env: NodeJS.ProcessEnv = process.env): SignInMode {
  const developmentIssuer = trust.jwksUrl === null && trust.issuer === DEV_ISSUER && trust.audience === DEV_AUDIENCE;
  if (!developmentIssuer) return "oidc";
  const configured = OIDC_SETTINGS.some((name) => !!env[name]);
  if (configured || env.NODE_ENV === "production") return "misconfigured";
  return "development";
}

/** The one start line naming the mode (names of settings only, never their values). */
export function logSignInMode(mode: SignInMode, env: NodeJS.ProcessEnv = process.env): void {
  const present = OIDC_SETTINGS.filter((name) => !!env[name]).join(",");
  if (mode === "misconfigured") {
    log.warn("gateway.sign_in", {
      mode,
      devSignIn: "off",
      settings: present,
      hint: "set OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL for the gateway's identity provider",
    });
    return;
  }
  log.info("gateway.sign_in", { mode, devSignIn: mode === "development" ? "on" : "off" });
}
