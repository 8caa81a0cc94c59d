import { existsSync, realpathSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigurationError, isProduction, sendJson, type RouteHandler } from "@percorsi/kit";
import { networkVocabulary } from "@percorsi/schema";
import { signInMode } from "../auth/sign-in-mode.js";
import type { CallerTrustConfig } from "../config.js";

/** The dashboard's build (`npm run build --workspace @percorsi/dashboard`). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../../dashboard/dist/", import.meta.url));
export const DASHBOARD_PATH = "/dashboard";

/** What the dashboard reads at `/dashboard/config.json` before it signs anyone in. */
export type DashboardClientConfig = {
  graphqlUrl: string;
  /**
   * The roles that read every row of the indicators (`readsIndicators: ALL` in
   * schema/network.yaml): the dashboard opens on the whole network for them, on the caller's
   * own organisation for the others. A view choice only: the subgraphs decide what is released.
   */
  networkReaders: string[];
  auth:
    | { mode: "dev" }
    | { mode: "oidc"; authority: string; clientId: string; scope: string }
    /** Neither: the dashboard can sign no one in (say so, do not guess). */
    | { mode: "none" };
};

export interface DashboardOptions {
  /** The build directory; looked at on each request, so a build after the start is served. */
  dir: string;
  config: DashboardClientConfig;
}

/**
 * The dashboard's client configuration: OIDC when a client id is configured for it
 * (`DASHBOARD_OIDC_CLIENT_ID`, with `DASHBOARD_OIDC_AUTHORITY` or else `OIDC_ISSUER`), else the
 * development sign-in when the gateway serves it (`signInMode` is `development`), else none.
 */
export function dashboardConfigFromEnv(trust: CallerTrustConfig, env: NodeJS.ProcessEnv = process.env): DashboardClientConfig {
  const graphqlUrl = "/graphql";
  const networkReaders = [...networkVocabulary().roles.values()].filter((role) => role.readsIndicators === "ALL").map((role) => role.name);
  const clientId = env.DASHBOARD_OIDC_CLIENT_ID;
  if (clientId) {
    const authority = env.DASHBOARD_OIDC_AUTHORITY || env.OIDC_ISSUER;
    if (!authority) throw new ConfigurationError("DASHBOARD_OIDC_CLIENT_ID needs DASHBOARD_OIDC_AUTHORITY (or OIDC_ISSUER): the issuer's URL");
    checkAuthority(authority);
    return { graphqlUrl, networkReaders, auth: { mode: "oidc", authority, clientId, scope: "openid profile" } };
  }
  if (signInMode(trust, env) === "development") return { graphqlUrl, networkReaders, auth: { mode: "dev" } };
  return { graphqlUrl, networkReaders, auth: { mode: "none" } };
}

function checkAuthority(authority: string): void {
  let url: URL;
  try {
    url = new URL(authority);
  } catch {
    throw new ConfigurationError("DASHBOARD_OIDC_AUTHORITY must be the issuer's URL");
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local && !isProduction())) {
    throw new ConfigurationError("DASHBOARD_OIDC_AUTHORITY must be an https URL");
  }
}

/**
 * No inline script or style, nothing from elsewhere but the identity provider the dashboard
 * signs in with (discovery, token endpoint, silent renew frame).
 */
export function dashboardCsp(config: DashboardClientConfig): string {
  const issuer = config.auth.mode === "oidc" ? ` ${new URL(config.auth.authority).origin}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${issuer}`,
    `frame-src 'self'${issuer}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Vite's `assets/<name>-<hash>.<ext>`: its name changes with its content, so it may be kept forever. */
const HASHED_ASSET = /^assets\/(?:.+\/)?[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT = "The dashboard is not built. Run: npm run build --workspace @percorsi/dashboard\n";

/**
 * `/dashboard/`: the dashboard's static build, `/dashboard/config.json` from the gateway's own
 * configuration, and index.html for any other path without an extension (the app's own
 * routes). Only files inside the build directory are ever read.
 */
export function dashboardRoutes(options: DashboardOptions): Record<string, RouteHandler> {
  const { dir, config } = options;
  const security = {
    "content-security-policy": dashboardCsp(config),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  const send = (res: ServerResponse, head: boolean, status: number, type: string, body: Buffer | string, cache: string) => {
    res.writeHead(status, { "content-type": type, "cache-control": cache, ...security });
    res.end(head ? undefined : body);
  };
  return {
    [DASHBOARD_PATH]: (_req, res) => void res.writeHead(302, { location: `${DASHBOARD_PATH}/` }).end(),
    [`${DASHBOARD_PATH}/*`]: async (req, res) => {
      if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
      const head = req.method === "HEAD";
      const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
      const relative = safeRelativePath(pathname.slice(DASHBOARD_PATH.length + 1));
      if (relative === null) return send(res, head, 404, "text/plain; charset=utf-8", "Not found\n", "no-store");
      if (relative === "config.json") return sendJson(res, 200, config);
      if (!existsSync(join(dir, "index.html"))) return send(res, head, 503, "text/plain; charset=utf-8", NOT_BUILT, "no-store");
      const root = realpathSync(dir);
      const file = await insideRoot(root, relative === "" ? "index.html" : relative);
      if (file) {
        const cache = HASHED_ASSET.test(relative) ? "public, max-age=31536000, immutable" : "no-cache";
        return send(res, head, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream", await readFile(file), cache);
      }
      // A missing file is a 404; a path without an extension is one of the app's routes.
      if (extname(relative) !== "") return send(res, head, 404, "text/plain; charset=utf-8", "Not found\n", "no-store");
      send(res, head, 200, CONTENT_TYPES[".html"]!, await readFile(join(root, "index.html")), "no-cache");
    },
  };
}

/**
 * The path under /dashboard/, decoded, or null when it could leave the directory or name a
 * hidden file: any "." or ".." segment, an encoded slash or backslash, a NUL.
 */
function safeRelativePath(encoded: string): string | null {
  const segments = encoded.split("/");
  const decoded: string[] = [];
  for (const [index, segment] of segments.entries()) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (value === "" && index < segments.length - 1) return null;
    if (value.startsWith(".") || /[/\\\0]/.test(value)) return null;
    decoded.push(value);
  }
  return decoded.join("/");
}

/** The regular file at that path if it is inside the root once links are followed. */
async function insideRoot(root: string, relative: string): Promise<string | null> {
  const candidate = join(root, ...relative.split("/"));
  try {
    const real = realpathSync(candidate);
    if (!real.startsWith(root + sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}
