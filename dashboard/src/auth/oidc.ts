import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";
import type { AuthConfig } from "../config.js";
import { claimsOf, type Session } from "./session.js";

type OidcConfig = Extract<AuthConfig, { mode: "oidc" }>;

/**
 * Authorization code with PKCE (oidc-client-ts does S256 by default). Both the sign-in state
 * and the user live in sessionStorage: nothing of the token survives the tab.
 */
export function createUserManager(config: OidcConfig, origin = location.origin, base = import.meta.env.BASE_URL): UserManager {
  const store = new WebStorageStateStore({ store: sessionStorage });
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope ?? "openid profile",
    redirect_uri: `${origin}${base}callback`,
    post_logout_redirect_uri: `${origin}${base}`,
    response_type: "code",
    userStore: store,
    stateStore: store,
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

export function sessionFromUser(user: User): Session {
  // The gateway verifies the access token; its claims say organisation and roles.
  const token = user.access_token;
  const claims = claimsOf(token);
  return {
    token,
    expiresAt: (user.expires_at ?? claims.exp ?? 0) * 1000,
    displayName: String(user.profile.name ?? claims.name ?? user.profile.sub),
    organisationId: String(claims.org ?? ""),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    mode: "oidc",
  };
}

let callback: Promise<User> | null = null;
/** Completes the redirect once, however often React runs the effect that asks for it. */
export function completeSignIn(userManager: UserManager): Promise<User> {
  callback ??= userManager.signinRedirectCallback();
  return callback;
}
