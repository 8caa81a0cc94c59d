/** Who is signed in: kept for this tab only (sessionStorage), never in localStorage. */
export interface Session {
  token: string;
  /** Epoch ms after which the token is no longer accepted. */
  expiresAt: number;
  displayName: string;
  organisationId: string;
  roles: string[];
  mode: "dev" | "oidc";
}

const KEY = "percorsi.dashboard.session";

export function readSession(storage: Storage = sessionStorage, now = Date.now()): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}

/** The claims the gateway reads (gateway/src/auth/caller.ts), decoded for display only. */
export function claimsOf(token: string): { sub?: string; org?: string; roles?: string[]; name?: string; exp?: number } {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

/**
 * The control room reads every breakdown; an organisation's operators their own row only. Which
 * roles read the whole network is the network's data, handed over in config.json.
 */
export function readsWholeNetwork(session: Pick<Session, "roles">, networkReaders: readonly string[]): boolean {
  return session.roles.some((role) => networkReaders.includes(role));
}
