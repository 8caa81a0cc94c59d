import type { IncomingMessage } from "node:http";
import { DEMO_SIGN_IN_USERS, organisationById } from "@percorsi/demo";
import { sendJson, type RouteHandler } from "@percorsi/kit";
import { devTokenFor } from "./dev-tokens.js";
import type { SignInMode } from "./sign-in-mode.js";

/** A development sign-in token lives one hour: enough for a demo, short if it leaks. */
export const DEV_SIGN_IN_LIFETIME_SECONDS = 3600;

export const DEV_SIGN_IN_ERRORS = {
  unknownUser: { code: "UNKNOWN_DEMO_USER", message: "No demo user has that id." },
  badRequest: { code: "BAD_REQUEST", message: 'Send a JSON body { "userId": "<demo user id>" } with content-type application/json.' },
} as const;

export interface DevUser {
  id: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  roles: string[];
  description: string;
}

/** The fictional demo users, with their organisations, for a sign-in picker. */
export function devUsers(): DevUser[] {
  return DEMO_SIGN_IN_USERS.map((user) => {
    const organisation = organisationById(user.organisationId);
    return {
      id: user.id,
      displayName: user.displayName,
      organisationId: organisation.id,
      organisationName: organisation.name,
      organisationType: organisation.type,
      roles: [...user.roles],
      description: user.description,
    };
  });
}

/**
 * `GET /auth/dev-users` and `POST /auth/dev-token` ({ "userId" } → { token, expiresIn }), for
 * the dashboard's development sign-in. Present only in the `development` sign-in mode (see
 * `signInMode`); otherwise the paths do not exist (404).
 */
export function devSignInRoutes(mode: SignInMode): Record<string, RouteHandler> {
  if (mode !== "development") return {};
  return {
    "/auth/dev-users": (req, res) => {
      if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET" }).end();
      sendJson(res, 200, devUsers());
    },
    "/auth/dev-token": async (req, res) => {
      if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
      // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
      if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return sendJson(res, 415, { error: DEV_SIGN_IN_ERRORS.badRequest });
      const userId = await readUserId(req);
      if (userId === undefined) return sendJson(res, 400, { error: DEV_SIGN_IN_ERRORS.badRequest });
      if (!DEMO_SIGN_IN_USERS.some((user) => user.id === userId)) return sendJson(res, 400, { error: DEV_SIGN_IN_ERRORS.unknownUser });
      const token = await devTokenFor(userId, `${DEV_SIGN_IN_LIFETIME_SECONDS}s`);
      sendJson(res, 200, { token, expiresIn: DEV_SIGN_IN_LIFETIME_SECONDS });
    },
  };
}

const MAX_BODY_BYTES = 4096;

async function readUserId(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { userId?: unknown };
    return typeof body?.userId === "string" ? body.userId : undefined;
  } catch {
    return undefined;
  }
}
