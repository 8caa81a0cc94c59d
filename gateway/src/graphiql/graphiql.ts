import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { demoNetwork } from "@percorsi/demo";
import type { RouteHandler } from "@percorsi/kit";
import { BREAK_GLASS_BASIS_HEADER, BREAK_GLASS_REASON_HEADER, PURPOSE_HEADER } from "../context.js";

const require = createRequire(import.meta.url);

/** A file of an installed package. React 18.3's `exports` map hides `umd/`, so go by its package.json. */
function packageFile(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

/** GraphiQL and its React, served from installed packages: no CDN, works offline. */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  "/graphiql/react.js": { file: () => packageFile("react", "umd/react.production.min.js"), type: "text/javascript" },
  "/graphiql/react-dom.js": { file: () => packageFile("react-dom", "umd/react-dom.production.min.js"), type: "text/javascript" },
  "/graphiql/graphiql.js": { file: () => packageFile("graphiql", "graphiql.min.js"), type: "text/javascript" },
  "/graphiql/graphiql.css": { file: () => packageFile("graphiql", "graphiql.min.css"), type: "text/css" },
};

export interface GraphiqlExample {
  label: string;
  /** The demo user whose token runs it (`npm run token -- --user <user>`). */
  user: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Headers besides Authorization: the declared purpose, a break-glass declaration. */
  headers: Record<string, string>;
}

/** Example operations per demo role, on the fictional demo network (the picker above GraphiQL). */
export function graphiqlExamples(): GraphiqlExample[] {
  const auroraCase = demoNetwork().pathways.find((pathway) => pathway.holderId === "cav-aurora");
  return [
    {
      label: "Centre operator — her caseload",
      user: "op-aurora",
      headers: { [PURPOSE_HEADER]: "EMPOWERMENT_PLAN" },
      query: `# A centre's own pathways, with what the network holds about them as her consent grants it.
query CentreCaseload {
  pathways(first: 5) {
    totalCount
    nodes {
      id
      stage
      openedOn
      holder { name }
      needsAssessment { educationLevel languages }
      plan { goals { area status } }
      referrals { status purpose to { name } }
      jobSeeker { status }
      enrolments { status course { title } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      label: "Job-centre counsellor — caseload across subgraphs",
      user: "op-cpi-centro",
      headers: { [PURPOSE_HEADER]: "JOB_PLACEMENT" },
      query: `# A job centre's caseload: what her consent does not grant answers null with FORBIDDEN at its path.
query JobCentreCaseload {
  jobCentreCaseload(first: 5) {
    totalCount
    nodes {
      id
      stage
      holder { name }
      needsAssessment { educationLevel workExperience { occupation } economicSituation }
      jobSeeker { status skills wishedOccupations }
      placements { contractType startOn employer { name } retentionChecks { monthsAfterStart stillEmployed } }
    }
  }
}
`,
    },
    {
      label: "Training operator — caseload and courses",
      user: "op-training",
      headers: { [PURPOSE_HEADER]: "TRAINING" },
      query: `query TrainingCaseload {
  trainingCaseload(first: 5) {
    totalCount
    nodes { id stage enrolments { status enrolledOn course { title } } }
  }
  courses(first: 3) { nodes { title seats childcareOffered } }
}
`,
    },
    {
      label: "DPO — a pathway's access report",
      user: "dpo",
      headers: { [PURPOSE_HEADER]: "MONITORING" },
      variables: { id: auroraCase?.id ?? "<pathway id>" },
      query: `# Who read what about her, in every subgraph. view: SUBJECT is her own copy (staff withheld).
query AccessReport($id: ID!) {
  accessReport(pathwayId: $id, view: STAFF) {
    antiViolence { at organisationId actorId purpose categories decision reasons bases }
    employment { at organisationId categories decision reasons bases }
    training { at organisationId categories decision }
  }
}
`,
    },
    {
      label: "Break-glass — risk-assessment meeting",
      user: "risk-cpi-centro",
      headers: {
        [PURPOSE_HEADER]: "SAFETY_COORDINATION",
        [BREAK_GLASS_BASIS_HEADER]: "RISK_ASSESSMENT_MEETING",
        [BREAK_GLASS_REASON_HEADER]: "Risk-assessment meeting, case review",
      },
      query: `# A read on a legal basis other than consent: needs the BREAK_GLASS role, is audited with its reason.
query BreakGlass {
  jobCentreCaseload(first: 3) {
    nodes { id needsAssessment { economicSituation districtsToAvoid } }
  }
}
`,
    },
    {
      label: "Control room analyst — the directory (no rows)",
      user: "analyst",
      headers: { [PURPOSE_HEADER]: "MONITORING" },
      query: `# The control room sees no pathway (FORBIDDEN, ROLE); organisations are not personal data.
query Directory {
  organisations { id name type district }
}
`,
    },
  ];
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Percorsi — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <link rel="stylesheet" href="/graphiql/percorsi.css" />
</head>
<body>
  <div id="percorsi-app">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/examples.js"></script>
  <script src="/graphiql/start.js"></script>
</body>
</html>`;

const CSS = `html, body { margin: 0; height: 100%; }
#percorsi-app { display: flex; flex-direction: column; height: 100vh; font-family: system-ui, sans-serif; }
.percorsi-bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px;
  border-bottom: 1px solid #d0d4da; background: #f4f6f8; font-size: 14px; }
.percorsi-bar label { display: flex; gap: 6px; align-items: center; font-weight: 600; }
.percorsi-bar select, .percorsi-bar input { font: inherit; padding: 3px 6px; }
.percorsi-bar input { width: 28em; font-family: ui-monospace, monospace; }
.percorsi-bar code { background: #e3e7ec; padding: 1px 4px; border-radius: 3px; }
.percorsi-hint { color: #444; }
.percorsi-graphiql { flex: 1; min-height: 0; }
`;

// Kept out of the page so a strict Content-Security-Policy (no inline script) holds. The token
// lives in this page's memory only: never in storage, never in the headers editor.
const START = `(function () {
  var h = React.createElement;
  var EXAMPLES = window.PERCORSI_EXAMPLES;
  function editorText(example) {
    return {
      query: example.query,
      variables: example.variables ? JSON.stringify(example.variables, null, 2) : "",
      headers: JSON.stringify(example.headers, null, 2),
    };
  }
  function makeFetcher(token) {
    return async function (params, options) {
      var headers = Object.assign({ "content-type": "application/json" }, (options && options.headers) || {});
      var hasAuthorization = Object.keys(headers).some(function (name) { return name.toLowerCase() === "authorization"; });
      if (token && !hasAuthorization) headers.authorization = "Bearer " + token;
      var response = await fetch("/graphql", { method: "POST", headers: headers, body: JSON.stringify(params) });
      return response.json();
    };
  }
  // Nothing of a session (queries, variables, history) outlives the page: storage in memory.
  var memory = {};
  var storage = {
    getItem: function (key) { return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null; },
    setItem: function (key, value) { memory[key] = String(value); },
    removeItem: function (key) { delete memory[key]; },
    clear: function () { memory = {}; },
    get length() { return Object.keys(memory).length; },
  };
  function App() {
    var picked = React.useState(0), index = picked[0], setIndex = picked[1];
    var typed = React.useState(""), token = typed[0], setToken = typed[1];
    var example = EXAMPLES[index];
    var fetcher = React.useMemo(function () { return makeFetcher(token.trim().replace(/^Bearer\\s+/i, "")); }, [token]);
    var text = editorText(example);
    return h("div", { style: { display: "contents" } },
      h("form", { className: "percorsi-bar", onSubmit: function (event) { event.preventDefault(); } },
        h("label", null, "Example",
          h("select", { id: "percorsi-example", value: String(index), onChange: function (event) { setIndex(Number(event.target.value)); } },
            EXAMPLES.map(function (item, i) { return h("option", { key: i, value: String(i) }, item.label + " (" + item.user + ")"); }))),
        h("label", null, "Token",
          h("input", { id: "percorsi-token", type: "password", autoComplete: "off", spellCheck: false, value: token,
            placeholder: "paste the output of: npm run token -- --user " + example.user,
            onChange: function (event) { setToken(event.target.value); } })),
        h("span", { className: "percorsi-hint" },
          "Get one with ", h("code", null, "npm run token -- --user " + example.user),
          "; it is sent as Authorization: Bearer, kept in this page only. Purpose and other headers: Headers tab below.")),
      h("div", { className: "percorsi-graphiql" },
        h(GraphiQL, {
          fetcher: fetcher,
          query: text.query,
          variables: text.variables,
          headers: text.headers,
          shouldPersistHeaders: false,
          storage: storage,
          defaultEditorToolsVisibility: "headers",
          isHeadersEditorEnabled: true,
        })));
  }
  ReactDOM.createRoot(document.getElementById("percorsi-app")).render(h(App));
})();`;

const SECURITY_HEADERS = {
  // GraphiQL inlines its fonts as data: URLs.
  "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

// In safelist mode GraphiQL could run nothing (not even its schema introspection): say why instead.
const SAFELIST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><title>Percorsi — GraphiQL is off</title></head>
<body>
  <h1>GraphiQL is off: this gateway runs in safelist mode</h1>
  <p>With <code>OPERATIONS_SAFELIST=true</code> the gateway runs only the operations registered in its
  persisted-operation manifests (<code>gateway/persisted-operations/</code> or
  <code>PERSISTED_OPERATIONS_DIR</code>) and refuses any other text with
  <code>OPERATION_NOT_SAFELISTED</code>, GraphiQL's own schema introspection included.
  Start the gateway without it to explore the graph here.</p>
</body>
</html>`;

export function graphiqlRoutes(options: { safelist?: boolean } = {}): Record<string, RouteHandler> {
  if (options.safelist) {
    return {
      "/": (_req, res) => void res.writeHead(302, { location: "/graphiql" }).end(),
      "/graphiql": (_req, res) => void res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS }).end(SAFELIST_PAGE),
    };
  }
  const examplesScript = `window.PERCORSI_EXAMPLES = ${JSON.stringify(graphiqlExamples()).replace(/</g, "\\u003c")};`;
  const page = (type: string, body: string): RouteHandler => (_req, res) => void res.writeHead(200, { "content-type": type, ...SECURITY_HEADERS }).end(body);
  const routes: Record<string, RouteHandler> = {
    "/": (_req, res) => void res.writeHead(302, { location: "/graphiql" }).end(),
    "/graphiql": page("text/html; charset=utf-8", PAGE),
    "/graphiql/start.js": page("text/javascript", START),
    "/graphiql/examples.js": page("text/javascript", examplesScript),
    "/graphiql/percorsi.css": page("text/css", CSS),
  };
  for (const [path, asset] of Object.entries(ASSETS)) {
    // Resolved now: a missing asset stops the start instead of answering 500 later.
    const file = asset.file();
    let body: Buffer | undefined;
    routes[path] = (_req, res) => {
      body ??= readFileSync(file);
      res.writeHead(200, { "content-type": asset.type, "cache-control": "public, max-age=3600" }).end(body);
    };
  }
  return routes;
}
