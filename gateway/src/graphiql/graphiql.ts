import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { RouteHandler } from "@percorsi/kit";

const require = createRequire(import.meta.url);

/** GraphiQL and its React, served from installed packages: no CDN, works offline. */
const ASSETS: Record<string, { module: string; type: string }> = {
  "/graphiql/react.js": { module: "react/umd/react.production.min.js", type: "text/javascript" },
  "/graphiql/react-dom.js": { module: "react-dom/umd/react-dom.production.min.js", type: "text/javascript" },
  "/graphiql/graphiql.js": { module: "graphiql/graphiql.min.js", type: "text/javascript" },
  "/graphiql/graphiql.css": { module: "graphiql/graphiql.min.css", type: "text/css" },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Percorsi — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/start.js"></script>
</body>
</html>`;

// Kept out of the page so a strict Content-Security-Policy (no inline script) holds.
const START = `const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    defaultHeaders: JSON.stringify({ Authorization: "Bearer <npm run token -- --user op-aurora>", "x-purpose": "EMPOWERMENT_PLAN" }, null, 2),
    defaultQuery: "# Paste a token from \`npm run token -- --user op-aurora\` into the headers below.\\n{\\n  pathways(first: 5) {\\n    nodes { id stage holder { name } }\\n    pageInfo { hasNextPage endCursor }\\n  }\\n}\\n",
  }),
);`;

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

export function graphiqlRoutes(): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {
    "/": (_req, res) => void res.writeHead(302, { location: "/graphiql" }).end(),
    "/graphiql": (_req, res) => void res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS }).end(PAGE),
    "/graphiql/start.js": (_req, res) => void res.writeHead(200, { "content-type": "text/javascript", ...SECURITY_HEADERS }).end(START),
  };
  for (const [path, asset] of Object.entries(ASSETS)) {
    let body: Buffer | undefined;
    routes[path] = (_req, res) => {
      body ??= readFileSync(require.resolve(asset.module));
      res.writeHead(200, { "content-type": asset.type, "cache-control": "public, max-age=3600" }).end(body);
    };
  }
  return routes;
}
