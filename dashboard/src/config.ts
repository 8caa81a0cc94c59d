/** What the gateway tells the dashboard at `<base>/config.json`. */
export type AuthConfig =
  | { mode: "dev" }
  | { mode: "oidc"; authority: string; clientId: string; scope?: string }
  /** The gateway can sign no one in (no OIDC client configured, no development issuer). */
  | { mode: "none" };

export interface DashboardConfig {
  graphqlUrl: string;
  /** The roles that read the whole network's indicators (the network's vocabulary says which). */
  networkReaders: string[];
  auth: AuthConfig;
}

export async function loadConfig(base = import.meta.env.BASE_URL): Promise<DashboardConfig> {
  const response = await fetch(`${base}config.json`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<DashboardConfig>;
  return { graphqlUrl: config.graphqlUrl ?? "/graphql", networkReaders: config.networkReaders ?? [], auth: config.auth ?? { mode: "none" } };
}
