import type { Session } from "./session.js";

/** A demo user as the gateway's development sign-in lists them. */
export interface DevUser {
  id: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  roles: string[];
  description: string;
}

export async function listDevUsers(): Promise<DevUser[]> {
  const response = await fetch("/auth/dev-users", { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`dev-users: HTTP ${response.status}`);
  return (await response.json()) as DevUser[];
}

export async function devSignIn(user: DevUser, now = Date.now()): Promise<Session> {
  const response = await fetch("/auth/dev-token", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ userId: user.id }),
  });
  if (!response.ok) throw new Error(`dev-token: HTTP ${response.status}`);
  const { token, expiresIn } = (await response.json()) as { token: string; expiresIn: number };
  return {
    token,
    expiresAt: now + expiresIn * 1000,
    displayName: user.displayName,
    organisationId: user.organisationId,
    roles: user.roles,
    mode: "dev",
  };
}
